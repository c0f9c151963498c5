package io.sockscope.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A JDBC client in its own process, so that the tracer sees its socket as another program's: runs a
 * prepared statement with one integer parameter N times (parameter i mod 5) and prints each
 * execution's row count on a line.
 *
 * <p>{@code java -cp <test class path> io.sockscope.e2e.JdbcPreparedClient <jdbc url> <sql> <N>}
 */
public final class JdbcPreparedClient {
  private JdbcPreparedClient() {}

  public static void main(String[] args) throws SQLException {
    int executions = Integer.parseInt(args[2]);
    try (Connection connection = DriverManager.getConnection(args[0]);
        PreparedStatement statement = connection.prepareStatement(args[1])) {
      for (int i = 0; i < executions; i++) {
        statement.setInt(1, i % 5);
        long rows = 0;
        try (ResultSet results = statement.executeQuery()) {
          while (results.next()) {
            rows++;
          }
        }
        System.out.println(rows);
      }
    }
  }
}
