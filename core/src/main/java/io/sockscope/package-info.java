/**
 * The tracer's public API: {@link io.sockscope.Tracer} and what it reports.
 */
@NullMarked
package io.sockscope;

import org.jspecify.annotations.NullMarked;
