package io.sockscope.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that loads eBPF programs into the running kernel. Without root, BTF or libbpf it
 * is skipped with the reason, except under {@code CI=true}, where it fails instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KernelTestCondition.class)
public @interface KernelTest {}
