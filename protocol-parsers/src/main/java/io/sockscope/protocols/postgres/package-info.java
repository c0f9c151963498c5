/**
 * The PostgreSQL frontend/backend protocol 3.0 parser: {@link
 * io.sockscope.protocols.postgres.PostgresParser}, found by {@link java.util.ServiceLoader} as a
 * provider of {@link io.sockscope.spi.ProtocolParser}.
 *
 * <p>Each direction of a connection runs through a {@link
 * io.sockscope.protocols.postgres.MessageReader}, which frames messages (large ones consumed as
 * they pass); {@link io.sockscope.protocols.postgres.ClientMessages} turns the client's into
 * messages waiting for an answer in an {@link io.sockscope.protocols.postgres.ExchangeQueue}, and
 * {@link io.sockscope.protocols.postgres.ServerMessages} applies the server's to them and emits
 * the exchanges. All limits are in {@link io.sockscope.protocols.postgres.PostgresLimits}.
 */
@NullMarked
package io.sockscope.protocols.postgres;

import org.jspecify.annotations.NullMarked;
