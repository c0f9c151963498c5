package io.sockscope;

import org.jspecify.annotations.Nullable;

/**
 * Why a tracer could not start or keep running. The message names what is missing and how
 * to fix it. Subclasses say which kind of problem it is.
 */
public class TracerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TracerException(String message) {
    super(message);
  }

  public TracerException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
