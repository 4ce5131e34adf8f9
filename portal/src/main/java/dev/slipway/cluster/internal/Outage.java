package dev.slipway.cluster.internal;

import dev.slipway.shared.Pure;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * What went wrong across the attempts of one cluster call, in words a person can act on: "the API
 * server refused connections for 2 min 3 s (14 attempts)" rather than fabric8's "An error has
 * occurred". Pure: it is told each failure (the HTTP status, below 1 for no answer, and the
 * exception with its causes) and the time spent.
 */
@Pure
final class Outage {

  private final Set<String> symptoms = new LinkedHashSet<>();
  private int attempts;

  /** One failed attempt; returns its symptom, e.g. "refused connections". */
  String failed(int status, Throwable e) {
    attempts++;
    String symptom = symptom(status, e);
    symptoms.add(symptom);
    return symptom;
  }

  /**
   * The whole story for the message of the exception that ends the call.
   *
   * @param answer what the API server (or the client) said last
   * @param spent time from the first attempt to the last failure
   */
  String describe(String answer, Duration spent) {
    if (attempts <= 1) {
      return answer;
    }
    return "the API server "
        + String.join(", then ", symptoms)
        + " for "
        + readable(spent)
        + " ("
        + attempts
        + " attempts; last: "
        + answer
        + ")";
  }

  /** The failure as the API server's behaviour: no answer of what kind, or which status. */
  static String symptom(int status, Throwable e) {
    if (status == 429) {
      return "throttled requests (429 Too Many Requests)";
    }
    if (status >= 500) {
      return "answered " + status + (status == 503 ? " Service Unavailable" : "");
    }
    if (status > 0) {
      return "answered " + status;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "refused connections";
      }
      if (t instanceof UnknownHostException) {
        return "could not be found by name";
      }
      if (t instanceof InterruptedIOException || t instanceof TimeoutException) {
        return "did not answer";
      }
      if (t instanceof java.io.IOException io && io.getMessage() != null) {
        String message = io.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (message.contains("refused")) {
          return "refused connections";
        }
        if (message.contains("timed out") || message.contains("timeout")) {
          return "did not answer";
        }
        if (message.contains("reset") || message.contains("closed") || message.contains("eof")) {
          return "dropped connections";
        }
      }
    }
    return "could not be reached";
  }

  /** 45 s, 2 min 3 s, 1 h 2 min. */
  static String readable(Duration d) {
    long seconds = Math.max(0, Math.round(d.toMillis() / 1000.0));
    if (seconds < 60) {
      return seconds + " s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      long rest = seconds % 60;
      return minutes + " min" + (rest == 0 ? "" : " " + rest + " s");
    }
    long rest = minutes % 60;
    return minutes / 60 + " h" + (rest == 0 ? "" : " " + rest + " min");
  }
}
