package io.sockscope.internal.libc;

/** Turns an errno value into the words the C library uses for it. */
public final class Errno {
  private Errno() {}

  /** For example {@code "Operation not permitted (errno 1)"}. */
  public static String describe(int errno) {
    String text = LibC.INSTANCE.strerror(errno);
    return (text == null ? "error" : text) + " (errno " + errno + ")";
  }
}
