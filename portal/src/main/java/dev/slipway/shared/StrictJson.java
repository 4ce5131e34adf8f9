package dev.slipway.shared;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * How the API reads JSON bodies: strictly. An unknown field or a key given twice is refused rather
 * than ignored or last-wins (a typo in a pipeline must not pass silently); a string is only a JSON
 * string (a number is not read as {@code "86400"}), a duration only an ISO-8601 string (a number is
 * not read as seconds), and no string or key holds a NUL. Only the API's message converter reads
 * this way; the features' own mappers are untouched.
 */
final class StrictJson {

  private StrictJson() {}

  static JsonMapper.Builder configure(JsonMapper.Builder builder) {
    SimpleModule strict = new SimpleModule("slipway-strict-input");
    strict.addDeserializer(String.class, new StrictString());
    strict.addKeyDeserializer(String.class, new StrictKey());
    strict.addDeserializer(Duration.class, new StrictDuration());
    return builder
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .addModule(strict);
  }

  /** A value refused with words a person can act on; the path is added as Jackson unwinds. */
  static final class Refused extends MismatchedInputException {
    Refused(JsonParser p, Class<?> type, String message) {
      super(p, message, type);
    }
  }

  private static String what(JsonToken token) {
    return switch (token) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> String.valueOf(token);
    };
  }

  static final class StrictString extends StdScalarDeserializer<String> {
    StrictString() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        throw new Refused(p, String.class, "must be a string, not " + what(p.currentToken()));
      }
      String text = p.getString();
      if (NulCharacters.in(text)) {
        throw new Refused(p, String.class, NulCharacters.MESSAGE);
      }
      return text;
    }
  }

  static final class StrictKey extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) {
      if (NulCharacters.in(key)) {
        throw new Refused(ctxt.getParser(), String.class, "a key " + NulCharacters.MESSAGE);
      }
      return key;
    }
  }

  static final class StrictDuration extends StdScalarDeserializer<Duration> {
    StrictDuration() {
      super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
      String expected = "must be an ISO-8601 duration in a string, such as \"P3D\" or \"PT12H\"";
      if (!p.hasToken(JsonToken.VALUE_STRING)) {
        throw new Refused(
            p,
            Duration.class,
            expected + ", not " + what(p.currentToken()) + " (a number is not read as seconds)");
      }
      String text = p.getString();
      if (NulCharacters.in(text)) {
        throw new Refused(p, Duration.class, NulCharacters.MESSAGE);
      }
      try {
        return Duration.parse(text.strip());
      } catch (DateTimeParseException e) {
        throw new Refused(p, Duration.class, expected + ", not \"" + text + "\"");
      }
    }
  }
}
