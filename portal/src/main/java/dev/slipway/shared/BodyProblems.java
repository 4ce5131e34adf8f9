package dev.slipway.shared;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What is wrong with a request body that could not be read, as a {@link FieldProblem} naming the
 * field as the request spells it ({@code ttl}, {@code parameters.FOO}, {@code items[2].name}): the
 * parser's own words name Java types and source locations.
 */
final class BodyProblems {

  static final String BODY = "body";

  private BodyProblems() {}

  static FieldProblem of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnrecognizedPropertyException unknown) {
        String known =
            unknown.getKnownPropertyIds() == null
                ? ""
                : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf)
                    .sorted()
                    .collect(Collectors.joining(", ", "; expected one of: ", ""));
        return new FieldProblem(field(unknown), "is not a field of this request" + known);
      }
      if (t instanceof StrictJson.Refused refused) {
        return new FieldProblem(field(refused), refused.getOriginalMessage());
      }
      if (t instanceof MismatchedInputException mismatch) {
        String field = field(mismatch);
        return new FieldProblem(
            field,
            BODY.equals(field) && mismatch.getPath().isEmpty()
                ? "must be a JSON object"
                : "must be " + describe(mismatch.getTargetType()));
      }
      if (t instanceof StreamReadException read) {
        var duplicate = DuplicateKeys.field(read).filter(f -> !f.isEmpty());
        if (duplicate.isPresent()) {
          return new FieldProblem(duplicate.get(), "is given more than once");
        }
        return new FieldProblem(
            BODY,
            "is not valid JSON"
                + (read.getLocation() == null
                    ? ""
                    : " (line "
                        + read.getLocation().getLineNr()
                        + ", column "
                        + read.getLocation().getColumnNr()
                        + ")")
                + ": "
                + read.getOriginalMessage());
      }
    }
    String message = String.valueOf(failure.getMessage());
    if (message.startsWith("Required request body is missing")) {
      return new FieldProblem(BODY, "is required");
    }
    return new FieldProblem(BODY, "cannot be read");
  }

  private static String field(JacksonException e) {
    Deque<String> parts = new ArrayDeque<>();
    for (JacksonException.Reference r : e.getPath()) {
      parts.addLast(
          r.getPropertyName() != null
              ? NulCharacters.visible(r.getPropertyName())
              : "[" + r.getIndex() + "]");
    }
    return parts.isEmpty() ? BODY : join(parts);
  }

  private static String join(Deque<String> parts) {
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      if (!path.isEmpty() && !part.startsWith("[")) {
        path.append('.');
      }
      path.append(part);
    }
    return path.isEmpty() ? BODY : path.toString();
  }

  /** A type as the API's reader would call it. */
  static String describe(@Nullable Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration such as P3D";
    }
    if (type == UUID.class) {
      return "an id (UUID)";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "an object";
  }
}
