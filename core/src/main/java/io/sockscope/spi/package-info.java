/**
 * The parser SPI: implement {@link io.sockscope.spi.ProtocolParser} and register it with
 * {@link java.util.ServiceLoader} to teach the tracer a protocol.
 */
@NullMarked
package io.sockscope.spi;

import org.jspecify.annotations.NullMarked;
