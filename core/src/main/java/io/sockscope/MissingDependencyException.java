package io.sockscope;

import org.jspecify.annotations.Nullable;

/** A native library the tracer needs is missing or too old (libbpf, libc). */
public final class MissingDependencyException extends TracerException {
  private static final long serialVersionUID = 1L;

  public MissingDependencyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
