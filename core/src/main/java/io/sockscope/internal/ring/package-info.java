/**
 * Reading the BPF ring buffer ({@code BPF_MAP_TYPE_RINGBUF}) through its mapped memory: the
 * record decoder, with no native calls. Internal: not exported.
 */
@NullMarked
package io.sockscope.internal.ring;

import org.jspecify.annotations.NullMarked;
