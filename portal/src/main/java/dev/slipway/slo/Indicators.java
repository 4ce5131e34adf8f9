package dev.slipway.slo;

import java.util.Locale;

/**
 * What each kind of indicator measures, as PromQL over the service's namespace: the error and total
 * event rates Sloth's events SLI takes ({@code {{.window}}} is replaced by each window). The metric
 * names are the conventions a service follows to be measured (README, "SLOs"):
 *
 * <ul>
 *   <li>availability: {@code http_requests_total} with a {@code code} label; 5xx are errors;
 *   <li>latency: the histogram {@code http_request_duration_seconds}; slower than the threshold is
 *       an error;
 *   <li>log processing: the histogram {@code log_processing_delay_seconds} (write to queryable).
 * </ul>
 */
final class Indicators {

  private Indicators() {}

  static String errorQuery(ServiceObjective o) {
    String ns = "namespace=\"" + o.namespace() + "\"";
    return switch (o.indicator()) {
      // No 5xx series until the first failure: no errors then means 0, not no data.
      case AVAILABILITY ->
          "(sum(rate(http_requests_total{" + ns + ",code=~\"5..\"}[{{.window}}])) or vector(0))";
      case LATENCY -> slowerThan("http_request_duration_seconds", ns, o);
      case LOG_PROCESSING -> slowerThan("log_processing_delay_seconds", ns, o);
    };
  }

  static String totalQuery(ServiceObjective o) {
    String ns = "namespace=\"" + o.namespace() + "\"";
    return switch (o.indicator()) {
      // No traffic: no sample (rather than 0/0), so an idle window does not poison the period.
      case AVAILABILITY -> "(sum(rate(http_requests_total{" + ns + "}[{{.window}}])) > 0)";
      case LATENCY ->
          "(sum(rate(http_request_duration_seconds_count{" + ns + "}[{{.window}}])) > 0)";
      case LOG_PROCESSING ->
          "(sum(rate(log_processing_delay_seconds_count{" + ns + "}[{{.window}}])) > 0)";
    };
  }

  /**
   * Everything minus what fell in the histogram's bucket at the threshold. A histogram without that
   * bucket gives no data (the objective shows "no data"), never a perfect score.
   */
  private static String slowerThan(String histogram, String ns, ServiceObjective o) {
    if (o.threshold() == null) {
      throw new IllegalArgumentException(o.name() + ": a " + o.indicator() + " needs a threshold");
    }
    return "(sum(rate("
        + histogram
        + "_count{"
        + ns
        + "}[{{.window}}])) - sum(rate("
        + histogram
        + "_bucket{"
        + ns
        + ",le=~\""
        + bucket(o)
        + "\"}[{{.window}}])))";
  }

  /**
   * The bucket bound as client libraries write it: {@code 0.3}; a whole number of seconds either
   * way ({@code 1} from Go, {@code 1.0} from Java).
   */
  static String bucket(ServiceObjective o) {
    long millis = o.threshold().millis();
    if (millis % 1000 == 0) {
      return (millis / 1000) + "|" + (millis / 1000) + "[.]0";
    }
    return String.format(Locale.ROOT, "%s", millis / 1000.0).replace(".", "[.]");
  }
}
