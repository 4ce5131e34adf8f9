package dev.slipway.shared;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

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
    strict.addDeserializer(Double.class, new StrictDouble());
    strict.addDeserializer(Double.TYPE, new StrictDouble());
    return builder
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        // A value is read as what it is: no "1" or 1.5 as a whole number, no 1 or "true" as a
        // boolean, no "NaN" as a number, no "" as nothing.
        .withCoercionConfig(
            LogicalType.Integer,
            c ->
                refuse(
                    c,
                    CoercionInputShape.String,
                    CoercionInputShape.Float,
                    CoercionInputShape.Boolean,
                    CoercionInputShape.EmptyString))
        .withCoercionConfig(
            LogicalType.Float,
            c ->
                refuse(
                    c,
                    CoercionInputShape.String,
                    CoercionInputShape.Boolean,
                    CoercionInputShape.EmptyString))
        .withCoercionConfig(
            LogicalType.Boolean,
            c ->
                refuse(
                    c,
                    CoercionInputShape.String,
                    CoercionInputShape.Integer,
                    CoercionInputShape.Float,
                    CoercionInputShape.EmptyString))
        .withCoercionConfig(
            LogicalType.Enum,
            c ->
                refuse(
                    c,
                    CoercionInputShape.Integer,
                    CoercionInputShape.Float,
                    CoercionInputShape.EmptyString))
        .addModule(strict);
  }

  private static void refuse(MutableCoercionConfig config, CoercionInputShape... shapes) {
    for (CoercionInputShape shape : shapes) {
      config.setCoercion(shape, CoercionAction.Fail);
    }
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
      case VALUE_STRING -> "a string";
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

  /** A JSON number and nothing else: not "NaN", "Infinity" or "0.1" as a string. */
  static final class StrictDouble extends StdScalarDeserializer<Double> {
    StrictDouble() {
      super(Double.class);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) {
      if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        throw new Refused(p, Double.class, "must be a number, not " + what(p.currentToken()));
      }
      double value = p.getDoubleValue();
      if (!Double.isFinite(value)) {
        throw new Refused(p, Double.class, "must be a finite number");
      }
      return value;
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
