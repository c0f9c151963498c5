package io.sockscope.internal.ring;

/**
 * The ring's memory holds something the kernel cannot have written: a record longer than the
 * ring or one that reaches past the producer position. The reader stops before the record and
 * does not move the consumer position; the ring cannot be read any further.
 */
public final class RingCorruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RingCorruptedException(String message) {
    super(message);
  }
}
