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
    String amount;
    if (d.toDays() >= 1) {
      amount = d.toDays() + (d.toDays() == 1 ? " day" : " days");
    } else if (d.toHours() >= 1) {
      amount = d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    } else {
      amount = Math.max(1, d.toMinutes()) + " min";
    }
    return future ? "in " + amount : amount + " ago";
  }
}
