package io.sockscope.internal.conn;

/**
 * How much memory the streams of one handler thread may hold.
 *
 * @param perStreamBytes unconsumed bytes one direction of one connection may buffer
 * @param totalBytes bytes all streams of one handler thread may buffer together
 * @param inferenceBytes bytes looked at to recognise a protocol before giving up
 */
public record StreamLimits(int perStreamBytes, long totalBytes, int inferenceBytes) {}
