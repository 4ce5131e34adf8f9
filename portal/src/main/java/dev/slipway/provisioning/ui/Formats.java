package dev.slipway.provisioning.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the views show them: UTC, to the minute, with a relative hint. */
final class Formats {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Formats() {}

  static String time(Instant instant) {
    return UTC.format(instant);
  }

  static String relative(Instant instant, Instant now) {
    Duration d = Duration.between(now, instant);
    boolean future = !d.isNegative();
    d = d.abs();
    // Rounded to the nearest unit: three days less a few seconds still reads "3 days".
    long minutes = Math.round(d.toSeconds() / 60.0);
    long hours = Math.round(d.toSeconds() / 3600.0);
    long days = Math.round(d.toSeconds() / 86400.0);
    String amount;
    if (hours >= 36) {
      amount = days + " days";
    } else if (minutes >= 90) {
      amount = hours + " hours";
    } else if (minutes >= 60) {
      amount = "1 hour";
    } else {
      amount = Math.max(1, minutes) + " min";
    }
    return future ? "in " + amount : amount + " ago";
  }
}
