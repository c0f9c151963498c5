package io.sockscope.internal.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The parse buffer the {@link DataStream}s of one handler thread share. A stream that has no
 * unconsumed bytes offers a new chunk from here, and copies into a buffer of its own only what its
 * consumer leaves; so a connection whose parser consumes each read whole, the usual case, never
 * holds a parse buffer, and thousands of open connections cost no buffer memory.
 *
 * <p>Holds the bytes of one offer at a time: a stream fills it, offers it and is done with it
 * before the next one may. It grows to the largest chunk offered (the kernel copies at most some
 * tens of KiB per call) and is freed when it has grown beyond {@link
 * DataStream#RETAINED_CAPACITY}.
 *
 * <p>Confined to the handler thread that owns the streams sharing it: not safe for concurrent use.
 */
public final class SharedParseBuffer {
  private static final byte[] NO_BYTES = new byte[0];

  private byte[] bytes = NO_BYTES;
  private ByteBuffer view = readOnlyView(NO_BYTES);
  private boolean inUse;

  /**
   * Copies {@code length} bytes of {@code src} from {@code from} and returns them as a read-only
   * view from position 0 to {@code length}, valid until {@link #release}.
   *
   * @throws IllegalStateException if the bytes of another offer are still in use
   */
  ByteBuffer fill(byte[] src, int from, int length) {
    if (inUse) {
      throw new IllegalStateException("the shared parse buffer is already in use by another offer");
    }
    inUse = true;
    if (length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length, Math.min(2 * bytes.length, DataStream.RETAINED_CAPACITY)));
      view = readOnlyView(bytes);
    }
    System.arraycopy(src, from, bytes, 0, length);
    view.position(0).limit(length);
    return view;
  }

  /** The offer is over: the bytes may be overwritten. */
  void release() {
    inUse = false;
    if (bytes.length > DataStream.RETAINED_CAPACITY) {
      bytes = NO_BYTES;
      view = readOnlyView(NO_BYTES);
    }
  }

  private static ByteBuffer readOnlyView(byte[] bytes) {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }
}
