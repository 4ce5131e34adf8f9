package dev.slipway.provisioning;

import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.Pure;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * How a user moves an environment's expiry, parsed from what they sent. "Extend" means extend: the
 * result is never earlier than the current expiry unless the user asks for that with {@code
 * shorten}, and never later than the template's maximum from now. Pure: no clock, no storage.
 */
@Pure
public sealed interface ExpiryChange {

  /** The field the change came from, to name it when it is refused. */
  String field();

  /** The expiry this change asks for, from the current one and the time now. */
  Instant target(Instant current, Instant now);

  /** Adds to the current expiry: what "extend by a day" means. */
  record By(Duration duration) implements ExpiryChange {
    @Override
    public String field() {
      return "by";
    }

    @Override
    public Instant target(Instant current, Instant now) {
      // An environment kept past its expiry (an outage of the expiry sweep) extends from now.
      return (current.isAfter(now) ? current : now).plus(duration);
    }
  }

  /** Keep it this long from now (the API's {@code ttl}, as at request time). */
  record FromNow(Duration duration) implements ExpiryChange {
    @Override
    public String field() {
      return "ttl";
    }

    @Override
    public Instant target(Instant current, Instant now) {
      return now.plus(duration);
    }
  }

  /** Keep it until a given instant. */
  record Until(Instant at) implements ExpiryChange {
    @Override
    public String field() {
      return "until";
    }

    @Override
    public Instant target(Instant current, Instant now) {
      return at;
    }
  }

  /**
   * Exactly one of {@code by} (ISO-8601 duration added to the current expiry), {@code ttl}
   * (duration from now) or {@code until} (ISO-8601 instant).
   *
   * @throws InvalidRequestException naming the field that is missing, doubled or malformed
   */
  static ExpiryChange parse(@Nullable String by, @Nullable String ttl, @Nullable String until) {
    int given = (present(by) ? 1 : 0) + (present(ttl) ? 1 : 0) + (present(until) ? 1 : 0);
    if (given == 0) {
      throw new InvalidRequestException(
          "by", "is required: how much longer to keep it, e.g. P1D (or ttl from now, or until)");
    }
    if (given > 1) {
      throw new InvalidRequestException(
          present(by) ? "by" : "ttl", "give only one of by, ttl and until");
    }
    if (present(by)) {
      return new By(duration("by", by));
    }
    if (present(ttl)) {
      return new FromNow(duration("ttl", ttl));
    }
    try {
      return new Until(Instant.parse(until.strip()));
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "until", "'" + until + "' is not an ISO-8601 instant; write e.g. 2026-12-24T18:00:00Z");
    }
  }

  /**
   * The new expiry, checked.
   *
   * @param max the longest lifetime the template allows, counted from now
   * @param shorten whether the user asked for an expiry earlier than the current one
   * @throws InvalidRequestException naming the change's field when the result would shorten the
   *     environment's life without {@code shorten}, is not in the future, or exceeds the maximum
   */
  default Instant resolve(Instant current, Instant now, Duration max, boolean shorten) {
    Instant target;
    try {
      target = target(current, now);
    } catch (java.time.DateTimeException | ArithmeticException beyondTime) {
      throw new InvalidRequestException(
          field(), "is far too long: at most " + Durations.readable(max) + " from now");
    }
    if (!target.isAfter(now)) {
      throw new InvalidRequestException(
          field(), "the new expiry " + target + " is not in the future");
    }
    if (target.isBefore(current) && !shorten) {
      throw new InvalidRequestException(
          field(),
          "would move the expiry earlier, from "
              + shown(current)
              + " to "
              + shown(target)
              + "; to shorten its life on purpose, send \"shorten\": true");
    }
    Instant latest = now.plus(max);
    if (target.isAfter(latest)) {
      throw new InvalidRequestException(
          field(),
          "would keep it until "
              + shown(target)
              + ", past the maximum of "
              + Durations.readable(max)
              + " from now ("
              + shown(latest)
              + ")");
    }
    return target;
  }

  /** An instant as people read it in a message: to the second. */
  static String shown(Instant instant) {
    return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private static boolean present(@Nullable String value) {
    return value != null && !value.isBlank();
  }

  private static Duration duration(String field, String value) {
    Duration parsed;
    try {
      parsed = Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          field, "'" + value + "' is not an ISO-8601 duration; write e.g. P1D or PT12H");
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new InvalidRequestException(field, "must be longer than zero");
    }
    return parsed;
  }
}
