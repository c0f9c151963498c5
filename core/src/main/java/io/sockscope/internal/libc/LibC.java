package io.sockscope.internal.libc;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.jspecify.annotations.Nullable;

/**
 * The raw libc calls sockscope needs, bound with jnr-ffi. Never used outside
 * {@code io.sockscope.internal}: callers go through {@link Mmap}, {@link Epoll} and
 * {@link Errno}, which turn failures into exceptions.
 */
public interface LibC {
  int PROT_READ = 0x1;
  int PROT_WRITE = 0x2;
  int MAP_SHARED = 0x01;
  long MAP_FAILED = -1L;
  int EPOLL_CLOEXEC = 0x80000;
  int EPOLL_CTL_ADD = 1;
  int EPOLLIN = 0x001;
  int EFD_CLOEXEC = 0x80000;
  int EFD_NONBLOCK = 0x800;
  int EINTR = 4;

  /** Loaded once; fails at first use with an UnsatisfiedLinkError if libc lacks a symbol. */
  LibC INSTANCE = LibraryLoader.create(LibC.class).failImmediately().load("c");

  static int errno() {
    return Runtime.getRuntime(INSTANCE).getLastError();
  }

  int geteuid();

  int getpagesize();

  /** Returns null or an address of -1 (MAP_FAILED) on failure. (Declared as in jnr-posix: a
   * plain {@code long} for the address does not reach the kernel correctly.) */
  @Nullable Pointer mmap64(@Nullable Pointer address, @size_t long length, int protection, int flags, int fd, @off_t long offset);

  int munmap(Pointer address, @size_t long length);

  int epoll_create1(int flags);

  int epoll_ctl(int epfd, int op, int fd, @In byte[] event);

  int epoll_wait(int epfd, @Out byte[] events, int maxEvents, int timeoutMillis);

  int eventfd(int initialValue, int flags);

  long read(int fd, @Out byte[] buffer, long count);

  long write(int fd, @In byte[] buffer, long count);

  int close(int fd);

  int mount(String source, String target, String filesystemType, long flags, Pointer data);

  int vsnprintf(@Out byte[] buffer, long size, String format, Pointer arguments);

  String strerror(int errnum);
}
