package dev.slipway.slo.rules;

import java.util.Map;
import java.util.Objects;

/**
 * The alerts of one SLO: a page alert and a ticket alert, both named {@code name}.
 *
 * @param name the alert name; required unless both alerts are disabled
 * @param labels labels of both alerts
 * @param annotations annotations of both alerts
 * @param page the page (urgent, fast burn) alert
 * @param ticket the ticket (slow burn) alert
 */
public record Alerting(
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    Alert page,
    Alert ticket) {

  public Alerting {
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(page, "page");
    Objects.requireNonNull(ticket, "ticket");
  }

  /** No alerts at all (what OpenSLO documents get). */
  public static Alerting disabled() {
    return new Alerting("", Map.of(), Map.of(), Alert.DISABLED, Alert.DISABLED);
  }

  /**
   * Settings of the page or the ticket alert, added to those of {@link Alerting}.
   *
   * @param disabled true to generate no such alert
   */
  public record Alert(
      boolean disabled, Map<String, String> labels, Map<String, String> annotations) {

    /** An enabled alert with nothing of its own. */
    public static final Alert ENABLED = new Alert(false, Map.of(), Map.of());

    /** A disabled alert. */
    public static final Alert DISABLED = new Alert(true, Map.of(), Map.of());

    public Alert {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }
  }
}
