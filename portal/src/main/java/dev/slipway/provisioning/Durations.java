package dev.slipway.provisioning;

import java.time.Duration;

/** Durations as people and ISO-8601 write them: 30 days, P30D. */
public final class Durations {

  private Durations() {}

  public static String iso(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      return "P" + d.toDays() + "D";
    }
    return d.toString();
  }

  public static String readable(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      long days = d.toDays();
      return days + (days == 1 ? " day" : " days");
    }
    if (d.toSeconds() % 3_600 == 0) {
      long hours = d.toHours();
      return hours + (hours == 1 ? " hour" : " hours");
    }
    if (d.toSeconds() % 60 == 0) {
      long minutes = d.toMinutes();
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    return d.toSeconds() + " seconds";
  }
}
