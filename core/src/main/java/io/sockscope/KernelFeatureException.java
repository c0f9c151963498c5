package io.sockscope;

import org.jspecify.annotations.Nullable;

/**
 * The running kernel lacks something the tracer needs: BTF, tracefs, an attach backend, or
 * a program could not be attached.
 */
public final class KernelFeatureException extends TracerException {
  private static final long serialVersionUID = 1L;

  public KernelFeatureException(String message) {
    super(message);
  }

  public KernelFeatureException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
