package io.sockscope.protocols.dns;

/**
 * A DNS message that breaks the wire format, with a short fixed phrase saying how; the session
 * turns it into a dropped datagram or an unparseable stream. Carries no stack trace: it is
 * control flow inside the decoder, never seen outside this package.
 */
final class MalformedMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a message was read past the end of the bytes it has. */
  enum Shortfall {
    /** The message is malformed in some other way than running short. */
    NONE,
    /** A field runs past the message's end: the message is malformed, or a truncated answer. */
    PAST_THE_END,
    /** A field runs past the captured bytes, which stop before the message's end. */
    NOT_CAPTURED
  }

  private final Shortfall shortfall;

  private MalformedMessageException(String reason, Shortfall shortfall) {
    super(reason, null, false, false);
    this.shortfall = shortfall;
  }

  /** The message breaks the format; {@code reason} is a short fixed phrase. */
  static MalformedMessageException because(String reason) {
    return new MalformedMessageException(reason, Shortfall.NONE);
  }

  static MalformedMessageException pastTheEnd() {
    return new MalformedMessageException("field past the end of the message", Shortfall.PAST_THE_END);
  }

  static MalformedMessageException notCaptured() {
    return new MalformedMessageException("field past the captured bytes", Shortfall.NOT_CAPTURED);
  }

  /** The short fixed phrase that says what is wrong. */
  String reason() {
    return getMessage();
  }

  Shortfall shortfall() {
    return shortfall;
  }
}
