package io.sockscope.internal.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sockscope.Connection;
import io.sockscope.Role;
import io.sockscope.Transport;
import io.sockscope.spi.Direction;
import io.sockscope.spi.Inference;
import io.sockscope.spi.ParserSession;
import io.sockscope.spi.ProtocolParser;
import io.sockscope.spi.SessionContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProtocolInferenceTest {
  private static final Connection CONNECTION = new Connection(42, 7, 1, "srv", Role.SERVER, Transport.TCP,
      new InetSocketAddress("127.0.0.1", 9000), new InetSocketAddress("127.0.0.1", 50000));

  @Test
  void eachParserSeesTheFirstBytesWhateverTheOneBeforeDidToItsView() {
    ProtocolParser greedy = parser("greedy", bytes -> {
      bytes.position(bytes.limit() - 1).limit(bytes.limit() - 1); // reads, and moves the view
      return Inference.NO;
    });
    ProtocolParser line = parser("line", bytes -> bytes.get(bytes.position()) == 'Q' && bytes.remaining() == 5
        ? Inference.YES : Inference.NO);
    ByteBuffer firstBytes = ByteBuffer.wrap("Qping".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    ProtocolInference.Verdict verdict = new ProtocolInference(List.of(greedy, line))
        .infer(Direction.RECEIVED, firstBytes, CONNECTION);

    assertSame(line, verdict.parser());
    assertEquals(0, firstBytes.position());
    assertEquals(5, firstBytes.limit());
  }

  @Test
  void maybeWinsOnlyOnceNoParserNeedsMoreBytes() {
    ProtocolParser maybe = parser("maybe", bytes -> Inference.MAYBE);
    ProtocolParser waiting = parser("waiting", bytes -> Inference.NEED_MORE_BYTES);
    ByteBuffer firstBytes = ByteBuffer.wrap(new byte[] {1, 2}).asReadOnlyBuffer();

    ProtocolInference.Verdict undecided = new ProtocolInference(List.of(maybe, waiting))
        .infer(Direction.SENT, firstBytes, CONNECTION);
    ProtocolInference.Verdict decided = new ProtocolInference(List.of(maybe))
        .infer(Direction.SENT, firstBytes, CONNECTION);

    assertTrue(undecided.needMoreBytes());
    assertSame(maybe, decided.parser());
    assertFalse(decided.needMoreBytes());
  }

  private static ProtocolParser parser(String name, Function<ByteBuffer, Inference> answer) {
    return new ProtocolParser() {
      @Override
      public String protocol() {
        return name;
      }

      @Override
      public Inference infer(Direction direction, ByteBuffer firstBytes, Connection connection) {
        return answer.apply(firstBytes);
      }

      @Override
      public ParserSession newSession(SessionContext context) {
        throw new UnsupportedOperationException("inference only");
      }
    };
  }
}
