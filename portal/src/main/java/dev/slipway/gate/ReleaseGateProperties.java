package dev.slipway.gate;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code slipway.release-gate.*}: the error-budget policy SREs set for every service.
 *
 * @param freezeAt budget left (0 = spent, 0.1 = 10 % left) at or below which a service freezes
 * @param liftMargin how far above {@code freezeAt} every budget must recover to lift the freeze
 * @param whenUnknown {@code fail-open} (default: changes pass, with a warning) or {@code
 *     fail-closed}, when Prometheus cannot be asked
 * @param maxOverride the longest an SRE may lift a freeze for
 * @param webhook where freezes and lifts are announced
 */
@ConfigurationProperties("slipway.release-gate")
public record ReleaseGateProperties(
    @Nullable Double freezeAt,
    @Nullable Double liftMargin,
    GatePolicy.@Nullable UnknownMode whenUnknown,
    @Nullable Duration maxOverride,
    @Nullable Webhook webhook) {

  /**
   * @param url unset: no notifications
   * @param format {@code slack} ({@code {"text": …}}, also what Mattermost and Teams' Slack
   *     connector take) or {@code generic} (the event's fields)
   * @param attempts tries per notification (default 5)
   * @param backoff the first pause between tries (default 1s), doubling each time
   */
  public record Webhook(
      @Nullable String url,
      @Nullable Format format,
      @Nullable Integer attempts,
      @Nullable Duration backoff) {

    /** A closed choice: a value it does not name stops the start, naming the ones it does. */
    public enum Format {
      SLACK,
      GENERIC
    }
  }

  GatePolicy.Settings settings() {
    // when-unknown is a closed choice (fail-open, fail-closed): the binder refuses anything else
    // at start, naming the property and the values it takes.
    return new GatePolicy.Settings(
        freezeAt == null ? 0 : freezeAt,
        liftMargin == null ? 0.05 : liftMargin,
        whenUnknown == null ? GatePolicy.UnknownMode.FAIL_OPEN : whenUnknown,
        maxOverride == null ? Duration.ofDays(7) : maxOverride);
  }
}
