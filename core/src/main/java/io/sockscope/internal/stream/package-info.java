/**
 * Stream reassembly: each direction of a connection puts the captured chunks in byte order,
 * feeds the contiguous bytes to a consumer, reports the missing ones as gaps, and bounds the
 * memory it holds. Internal: not exported.
 */
@NullMarked
package io.sockscope.internal.stream;

import org.jspecify.annotations.NullMarked;
