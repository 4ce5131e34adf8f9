package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseFaultsTest {

  @Test
  void aDatabaseThatIsAwayPassesBadDataDoesNot() {
    assertThat(DatabaseFaults.passing(new CannotGetJdbcConnectionException("pool timed out")))
        .isTrue();
    assertThat(
            DatabaseFaults.passing(
                new CannotCreateTransactionException(
                    "no connection", new SQLException("refused", "08001"))))
        .isTrue();
    assertThat(
            DatabaseFaults.passing(
                new RuntimeException(new SQLException("terminating connection", "57P01"))))
        .as("the server shut down under the connection")
        .isTrue();
    assertThat(
            DatabaseFaults.passing(
                new org.springframework.transaction.TransactionSystemException(
                    "Could not commit JDBC transaction")))
        .as("the database restarted under a commit (seen in the reliability suite)")
        .isTrue();
    assertThat(DatabaseFaults.passing(new DataIntegrityViolationException("duplicate key")))
        .isFalse();
    assertThat(DatabaseFaults.passing(new IllegalStateException("a bug"))).isFalse();
  }

  @Test
  void theApiAnswersADatabaseAwayWith503AndWhenToTryAgainNot500() {
    ProblemDetailsAdvice advice = new ProblemDetailsAdvice(event -> {});

    var answer = advice.unexpected(new CannotGetJdbcConnectionException("pool timed out"));

    assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("10");
    assertThat(((org.springframework.http.ProblemDetail) answer.getBody()).getDetail())
        .contains("database is unavailable")
        .doesNotContain("pool timed out");
    assertThat(advice.unexpected(new IllegalStateException("a bug")).getStatusCode())
        .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
  }
}
