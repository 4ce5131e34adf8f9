package dev.slipway.slo.rules;

import java.util.Objects;

/**
 * What an SLO measures: the ratio of bad events, for any time window. Queries use the {@code
 * {{.window}}} placeholder where the window (e.g. {@code 5m}) goes.
 */
public sealed interface Sli {

  /** Bad events divided by all events: {@code (errorQuery) / (totalQuery)}. */
  record Events(String errorQuery, String totalQuery) implements Sli {
    public Events {
      Objects.requireNonNull(errorQuery, "errorQuery");
      Objects.requireNonNull(totalQuery, "totalQuery");
    }
  }

  /** A query that already yields the error ratio (0 to 1). */
  record Raw(String errorRatioQuery) implements Sli {
    public Raw {
      Objects.requireNonNull(errorRatioQuery, "errorRatioQuery");
    }
  }
}
