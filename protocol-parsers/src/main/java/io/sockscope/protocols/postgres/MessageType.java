package io.sockscope.protocols.postgres;

/**
 * The type bytes of protocol 3.0's typed messages, and which side may send each. Several letters
 * mean one thing from the client and another from the server ({@code D} is Describe or DataRow,
 * {@code C} Close or CommandComplete, {@code E} Execute or ErrorResponse, {@code S} Sync or
 * ParameterStatus, {@code H} Flush or CopyOutResponse); copy data and copy done go both ways.
 */
final class MessageType {
  private static final String FRONTEND = "BCdcfDEHFPpQSX";
  private static final String BACKEND = "RK23CdcGHWDIEVnNAtS1sZTv";
  private static final String FRONTEND_ONLY = "BfFPpQX";
  private static final String BACKEND_ONLY = "RK23GWIVnNAt1sZTv";

  private MessageType() {}

  static boolean isKnown(byte type) {
    return type > 0 && (FRONTEND.indexOf(type) >= 0 || BACKEND.indexOf(type) >= 0);
  }

  static boolean isFrontend(byte type) {
    return type > 0 && FRONTEND.indexOf(type) >= 0;
  }

  static boolean isBackend(byte type) {
    return type > 0 && BACKEND.indexOf(type) >= 0;
  }

  /** Whether only a client sends this type: its direction carries requests. */
  static boolean isFrontendOnly(byte type) {
    return type > 0 && FRONTEND_ONLY.indexOf(type) >= 0;
  }

  /** Whether only a server sends this type: its direction carries responses. */
  static boolean isBackendOnly(byte type) {
    return type > 0 && BACKEND_ONLY.indexOf(type) >= 0;
  }

  /** Whether a message's body says nothing the parser reports: rows and copy data are counted only. */
  static boolean isContentFree(byte type) {
    return type == 'D' || type == 'd';
  }
}
