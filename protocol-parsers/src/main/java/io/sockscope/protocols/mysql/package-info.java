/**
 * The MySQL and MariaDB client/server protocol parser: {@link
 * io.sockscope.protocols.mysql.MySqlParser}, found by {@link java.util.ServiceLoader} as a provider
 * of {@link io.sockscope.spi.ProtocolParser}.
 *
 * <p>Each direction of a connection runs through its own {@link
 * io.sockscope.protocols.mysql.PacketReader}, which joins packets into messages (a payload of
 * 0xFFFFFF bytes continues in the next packet) and keeps only the first bytes of each. {@link
 * io.sockscope.protocols.mysql.MySqlSession} turns the client's messages into {@link
 * io.sockscope.protocols.mysql.PendingCommand}s, and a {@link
 * io.sockscope.protocols.mysql.ResponseReader} walks the server's messages through the response
 * each command expects (OK, ERR, result sets, prepared statements, authentication). All limits are
 * in {@link io.sockscope.protocols.mysql.MySqlLimits}.
 */
@NullMarked
package io.sockscope.protocols.mysql;

import org.jspecify.annotations.NullMarked;
