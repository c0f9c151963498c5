/** Finding TLS libraries and attaching the TLS probes to them. */
@NullMarked
package io.sockscope.internal.tls;

import org.jspecify.annotations.NullMarked;
