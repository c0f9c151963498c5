package io.sockscope.protocols.mysql;

import org.jspecify.annotations.Nullable;

/**
 * Walks the server's messages through the response one command expects (see {@link
 * Command.Response}), and records in the {@link PendingCommand} what they say. One reader per
 * session, restarted for each command. Confined to the session's thread.
 *
 * <p>A packet with a 0xFE header shorter than 7 bytes is an EOF packet; with 7 bytes or more (and
 * less than 0xFFFFFF) it is an OK packet ending a result set. So the rows of a result set end right
 * whether or not the client asked for CLIENT_DEPRECATE_EOF, and the EOF packet after column
 * definitions is taken when it comes. Only a prepare response, whose last definitions may or may not
 * be followed by an EOF packet, needs to know: from the handshake, from an earlier result set, or,
 * for a connection seen from its middle, from the sequence id of the packet after them.
 */
final class ResponseReader {

  /** What a message did to the response. */
  enum Outcome {
    /** Part of the response; more follows. */
    MORE,
    /** The response's last message. */
    DONE,
    /** Not part of this response, which had ended: it belongs to the next command's. */
    NOT_MINE,
    /** Not what the response allows: see {@link #problem()}. */
    MALFORMED
  }

  private enum State {
    FIRST,
    COLUMN_DEFINITIONS,
    AFTER_COLUMN_DEFINITIONS,
    ROWS,
    PREPARE_DEFINITIONS,
    AFTER_PREPARE_DEFINITIONS,
    FIELD_LIST
  }

  private State state = State.FIRST;
  private Command.Response kind = Command.Response.SINGLE;
  private long definitionsLeft;
  private long prepareColumns;
  private @Nullable String problem;

  void start(Command.Response kind) {
    this.kind = kind;
    this.problem = null;
    state = switch (kind) {
      case ROWS -> State.ROWS;
      case FIELD_LIST -> State.FIELD_LIST;
      default -> State.FIRST;
    };
  }

  /** Why the last message was {@link Outcome#MALFORMED}. */
  String problem() {
    return problem == null ? "malformed response" : problem;
  }

  /**
   * Whether the response may have ended already: a prepare response whose last definitions went by
   * and for which it is not known whether an EOF packet follows.
   */
  boolean mayHaveEnded(ConnectionState connection) {
    return state == State.AFTER_PREPARE_DEFINITIONS && prepareColumns == 0 && connection.eofAfterMetadata() == null;
  }

  Outcome accept(Message message, PendingCommand command, ConnectionState connection) {
    boolean inSequence = message.firstSeq() == command.nextSeq();
    if (state == State.AFTER_PREPARE_DEFINITIONS && connection.eofAfterMetadata() == null) {
      if (inSequence && message.isEof()) {
        connection.sawMetadataEnd(true);
        return nextPrepareGroup();
      }
      connection.sawMetadataEnd(false);
      if (prepareColumns == 0) {
        return Outcome.NOT_MINE;
      }
      state = State.PREPARE_DEFINITIONS;
      definitionsLeft = prepareColumns;
      prepareColumns = 0;
    }
    if (!inSequence) {
      return malformed("sequence id out of order");
    }
    return switch (state) {
      case FIRST -> first(message, command, connection);
      case COLUMN_DEFINITIONS -> {
        if (--definitionsLeft == 0) {
          state = State.AFTER_COLUMN_DEFINITIONS;
        }
        yield Outcome.MORE;
      }
      case AFTER_COLUMN_DEFINITIONS -> afterColumnDefinitions(message, command, connection);
      case ROWS -> row(message, command, connection);
      case PREPARE_DEFINITIONS -> {
        if (--definitionsLeft == 0) {
          yield endOfPrepareGroup(connection);
        }
        yield Outcome.MORE;
      }
      case AFTER_PREPARE_DEFINITIONS -> message.isEof() ? nextPrepareGroup() : malformed("EOF packet expected");
      case FIELD_LIST -> {
        if (message.isErr()) {
          yield error(message, command);
        }
        yield message.isEofOrOkEnd() ? Outcome.DONE : Outcome.MORE;
      }
    };
  }

  private Outcome first(Message message, PendingCommand command, ConnectionState connection) {
    if (ErrPacket.isProgressReport(message)) {
      return Outcome.MORE;
    }
    if (message.isErr()) {
      return error(message, command);
    }
    switch (kind) {
      case SINGLE:
        if (message.isOk() || message.isEofOrOkEnd()) {
          return ok(message, command, connection) == null ? malformed("malformed OK packet") : Outcome.DONE;
        }
        return Outcome.DONE; // COM_STATISTICS answers with plain text
      case AUTH:
        return authentication(message, command, connection);
      case PREPARE:
        return prepared(message, command, connection);
      default:
        return result(message, command, connection);
    }
  }

  private Outcome result(Message message, PendingCommand command, ConnectionState connection) {
    if (message.isOk()) {
      OkPacket ok = ok(message, command, connection);
      if (ok == null) {
        return malformed("malformed OK packet");
      }
      return ok.moreResults() ? Outcome.MORE : Outcome.DONE;
    }
    if (message.header() == 0xfb) {
      return Outcome.MORE; // LOCAL INFILE: the client sends the file, then the server answers
    }
    Payload payload = Payload.of(message);
    long columns = payload.lengthEncoded();
    if (columns <= 0 || columns > MySqlLimits.MAX_COLUMNS || payload.remaining() > 1 || !message.isWhole()) {
      return malformed("malformed column count");
    }
    command.resultSet();
    // MARIADB_CLIENT_CACHE_METADATA (and MySQL's optional metadata) add a byte: 0 when the column
    // definitions are left out.
    boolean metadataFollows = payload.remaining() == 0 || payload.fixed(1) != 0;
    if (metadataFollows) {
      definitionsLeft = columns;
      state = State.COLUMN_DEFINITIONS;
    } else {
      state = State.AFTER_COLUMN_DEFINITIONS;
    }
    return Outcome.MORE;
  }

  private Outcome afterColumnDefinitions(Message message, PendingCommand command, ConnectionState connection) {
    if (message.isEof()) {
      connection.sawMetadataEnd(true);
      state = State.ROWS;
      OkPacket eof = OkPacket.parse(message);
      boolean cursorOpened = eof != null && (eof.status() & Capabilities.SERVER_STATUS_CURSOR_EXISTS) != 0;
      return cursorOpened ? Outcome.DONE : Outcome.MORE;
    }
    connection.sawMetadataEnd(false);
    state = State.ROWS;
    return row(message, command, connection);
  }

  private Outcome row(Message message, PendingCommand command, ConnectionState connection) {
    if (message.isErr()) {
      return error(message, command);
    }
    if (!message.isEofOrOkEnd()) {
      command.row();
      return Outcome.MORE;
    }
    OkPacket end = ok(message, command, connection);
    if (end == null) {
      return malformed("malformed end of rows");
    }
    if (end.moreResults() && kind == Command.Response.RESULT) {
      state = State.FIRST;
      return Outcome.MORE;
    }
    return Outcome.DONE;
  }

  private Outcome authentication(Message message, PendingCommand command, ConnectionState connection) {
    if (message.isOk()) {
      return ok(message, command, connection) == null ? malformed("malformed OK packet") : Outcome.DONE;
    }
    int header = message.header();
    if (header == 0xfe) { // switch to another authentication method
      Payload payload = Payload.of(message);
      payload.skip(1);
      command.authPlugin(payload.nulTerminated());
      return Outcome.MORE;
    }
    return header == 0x01 ? Outcome.MORE : malformed("unexpected packet during authentication");
  }

  private Outcome prepared(Message message, PendingCommand command, ConnectionState connection) {
    Payload payload = Payload.of(message);
    payload.skip(1);
    long id = payload.fixed(4);
    long columns = payload.fixed(2);
    long parameters = payload.fixed(2);
    if (message.header() != 0x00 || parameters == Payload.MISSING) {
      return malformed("malformed prepare response");
    }
    command.statementId(id);
    String text = command.text();
    if (text != null) {
      connection.statements.prepared(id, text);
    }
    prepareColumns = columns;
    if (parameters > 0) {
      state = State.PREPARE_DEFINITIONS;
      definitionsLeft = parameters;
      return Outcome.MORE;
    }
    return nextPrepareGroup();
  }

  /** The last definition of a group went by: an EOF packet may follow. */
  private Outcome endOfPrepareGroup(ConnectionState connection) {
    Boolean eof = connection.eofAfterMetadata();
    if (eof == null || eof) {
      state = State.AFTER_PREPARE_DEFINITIONS;
      return Outcome.MORE;
    }
    return nextPrepareGroup();
  }

  /** Starts the column definitions, if any are left; else the response is done. */
  private Outcome nextPrepareGroup() {
    if (prepareColumns == 0) {
      return Outcome.DONE;
    }
    state = State.PREPARE_DEFINITIONS;
    definitionsLeft = prepareColumns;
    prepareColumns = 0;
    return Outcome.MORE;
  }

  private static @Nullable OkPacket ok(Message message, PendingCommand command, ConnectionState connection) {
    OkPacket ok = OkPacket.parse(message);
    if (ok != null) {
      command.ok(ok);
      connection.namespace(ok.schema());
    }
    return ok;
  }

  private static Outcome error(Message message, PendingCommand command) {
    ErrPacket error = ErrPacket.parse(message);
    if (error != null) {
      command.error(error);
    }
    return Outcome.DONE;
  }

  private Outcome malformed(String reason) {
    problem = reason;
    return Outcome.MALFORMED;
  }
}
