package dev.slipway.shared;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures mean "the database is not there right now" (restarting, unreachable, out of
 * connections) rather than "this request or this data is wrong": they pass by themselves. The API
 * answers them with 503 and Retry-After; durable tasks run again later instead of failing what they
 * work on. One rule, used by both.
 */
public final class DatabaseFaults {

  private DatabaseFaults() {}

  /** Whether {@code failure}, or one of its causes, is a database that is away for now. */
  public static boolean passing(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException
          || t instanceof CannotCreateTransactionException
          // A commit or rollback that failed: the connection went away under the transaction.
          || t instanceof TransactionSystemException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P01-03: the server shut down or is starting up.
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
