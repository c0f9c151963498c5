package io.sockscope.protocols.mysql;

import org.jspecify.annotations.Nullable;

/**
 * An OK packet (0x00 header, or 0xFE at the end of a result set) or an EOF packet (0xFE, 5 bytes),
 * as far as the parser uses it. Immutable.
 *
 * @param affectedRows rows changed; 0 for an EOF packet
 * @param lastInsertId the AUTO_INCREMENT value generated; 0 when none or an EOF packet
 * @param status the server status flags
 * @param warnings the number of warnings
 * @param schema the new default schema when the session state changes say so, else null
 */
record OkPacket(long affectedRows, long lastInsertId, int status, int warnings, @Nullable String schema) {

  /** Parses an OK or EOF packet; null when it is cut short or malformed. */
  static @Nullable OkPacket parse(Message message) {
    Payload payload = Payload.of(message);
    payload.skip(1);
    if (message.isEof()) {
      long warnings = payload.fixed(2);
      long status = payload.fixed(2);
      return warnings == Payload.MISSING || status == Payload.MISSING
          ? null
          : new OkPacket(0, 0, (int) status, (int) warnings, null);
    }
    long affected = payload.lengthEncoded();
    long lastInsertId = payload.lengthEncoded();
    long status = payload.fixed(2);
    long warnings = payload.fixed(2);
    if (affected == Payload.MISSING || lastInsertId == Payload.MISSING || warnings == Payload.MISSING) {
      return null;
    }
    String schema = null;
    if ((status & Capabilities.SERVER_SESSION_STATE_CHANGED) != 0) {
      schema = schemaChange(payload);
    }
    return new OkPacket(affected, lastInsertId, (int) status, (int) warnings, schema);
  }

  /** Whether another result follows. */
  boolean moreResults() {
    return (status & Capabilities.SERVER_MORE_RESULTS_EXISTS) != 0;
  }

  /** The schema named by the session state changes that follow the info text, or null. */
  private static @Nullable String schemaChange(Payload payload) {
    if (payload.lengthEncodedString() == null) { // the human-readable info
      return null;
    }
    long total = payload.lengthEncoded();
    if (total == Payload.MISSING) {
      return null;
    }
    String schema = null;
    int end = (int) Math.min(payload.position() + total, payload.position() + (long) payload.remaining());
    while (payload.position() < end) {
      long type = payload.fixed(1);
      long length = payload.lengthEncoded();
      if (type == Payload.MISSING || length == Payload.MISSING) {
        return schema;
      }
      if (type == Capabilities.SESSION_TRACK_SCHEMA) {
        schema = payload.lengthEncodedString();
      } else if (!payload.skip(length)) {
        return schema;
      }
    }
    return schema;
  }
}
