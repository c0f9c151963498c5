package io.sockscope.internal.conn;

/** The kernel's identity of a connection: process, descriptor, and the time it was first seen. */
public record ConnectionKey(int tgid, int fd, long generation) {}
