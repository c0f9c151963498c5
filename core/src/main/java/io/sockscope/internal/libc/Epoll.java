package io.sockscope.internal.libc;

import java.io.IOException;

/**
 * An epoll set that waits for one file descriptor to become readable, and an eventfd that
 * {@link #wakeUp()} signals so another thread can interrupt the wait. {@link #await} is
 * confined to one thread; {@link #wakeUp()} may be called from any thread until
 * {@link #close()}.
 */
public final class Epoll implements AutoCloseable {
  private static final int EVENT_SIZE = 12; // struct epoll_event is packed on x86_64
  private static final int MAX_EVENTS = 2;

  private final int epollFd;
  private final int wakeFd;
  private final byte[] events = new byte[EVENT_SIZE * MAX_EVENTS];
  private final byte[] wakeValue = {1, 0, 0, 0, 0, 0, 0, 0};
  private final byte[] drained = new byte[8];
  private boolean closed;

  public Epoll(int watchedFd) throws IOException {
    LibC libc = LibC.INSTANCE;
    epollFd = libc.epoll_create1(LibC.EPOLL_CLOEXEC);
    if (epollFd < 0) {
      throw new IOException("epoll_create1 failed: " + Errno.describe(LibC.errno()));
    }
    wakeFd = libc.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
    if (wakeFd < 0) {
      int errno = LibC.errno();
      libc.close(epollFd);
      throw new IOException("eventfd failed: " + Errno.describe(errno));
    }
    try {
      add(watchedFd);
      add(wakeFd);
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void add(int fd) throws IOException {
    byte[] event = new byte[EVENT_SIZE];
    event[0] = LibC.EPOLLIN;
    event[4] = (byte) fd; // epoll_data: only used to tell the two apart
    if (LibC.INSTANCE.epoll_ctl(epollFd, LibC.EPOLL_CTL_ADD, fd, event) != 0) {
      throw new IOException("epoll_ctl ADD fd " + fd + " failed: " + Errno.describe(LibC.errno()));
    }
  }

  /**
   * Waits until the watched descriptor is readable, {@link #wakeUp()} is called, or the timeout
   * passes. An interrupted wait (EINTR) returns as if woken.
   */
  public void await(int timeoutMillis) throws IOException {
    int n = LibC.INSTANCE.epoll_wait(epollFd, events, MAX_EVENTS, timeoutMillis);
    if (n < 0) {
      int errno = LibC.errno();
      if (errno != LibC.EINTR) {
        throw new IOException("epoll_wait failed: " + Errno.describe(errno));
      }
    }
    LibC.INSTANCE.read(wakeFd, drained, drained.length); // clears a wake-up; EAGAIN when none
  }

  public void wakeUp() {
    LibC.INSTANCE.write(wakeFd, wakeValue, wakeValue.length);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      LibC.INSTANCE.close(wakeFd);
      LibC.INSTANCE.close(epollFd);
    }
  }
}
