package dev.slipway.slo.rules;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One service level objective.
 *
 * @param service the service it belongs to
 * @param name the SLO's name, unique within the service
 * @param description free text, not used in the rules
 * @param objective the target in percent, above 0 and at most 100 (e.g. {@code 99.9})
 * @param period the SLO period (e.g. 30 days); {@code null} for the generator's default period
 * @param sli what is measured
 * @param labels labels of every recording rule (the service's labels merged with the SLO's)
 * @param alerting the page and ticket alerts
 */
public record Slo(
    String service,
    String name,
    String description,
    double objective,
    @Nullable Duration period,
    Sli sli,
    Map<String, String> labels,
    Alerting alerting) {

  public Slo {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sli, "sli");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(alerting, "alerting");
  }

  /** The SLO's id, {@code <service>-<name>}: the {@code sloth_id} label of its rules. */
  public String id() {
    return service + "-" + name;
  }
}
