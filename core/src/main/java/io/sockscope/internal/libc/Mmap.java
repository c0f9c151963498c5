package io.sockscope.internal.libc;

import com.kenai.jffi.MemoryIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;

/**
 * One memory mapping of a file descriptor, seen as a direct {@link ByteBuffer}. Closing
 * unmaps it: the buffer must not be touched afterwards. Not thread-safe: the owner closes it
 * once no thread reads the buffer.
 */
public final class Mmap implements AutoCloseable {
  private final Pointer address;
  private final long length;
  private final ByteBuffer buffer;
  private boolean closed;

  private Mmap(Pointer address, long length) {
    this.address = address;
    this.length = length;
    this.buffer = MemoryIO.getInstance().newDirectByteBuffer(address.address(), Math.toIntExact(length))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  public static Mmap map(int fd, long offset, long length, boolean writable) throws IOException {
    int protection = LibC.PROT_READ | (writable ? LibC.PROT_WRITE : 0);
    Pointer address = LibC.INSTANCE.mmap64(null, length, protection, LibC.MAP_SHARED, fd, offset);
    if (address == null || address.address() == LibC.MAP_FAILED) {
      throw new IOException("mmap of fd " + fd + " (" + length + " bytes at " + offset + ") failed: "
          + Errno.describe(LibC.errno()));
    }
    return new Mmap(address, length);
  }

  /** The whole mapping, little-endian. */
  public ByteBuffer buffer() {
    return buffer;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LibC.INSTANCE.munmap(address, length);
    }
  }
}
