package dev.slipway.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;

/**
 * Where a parser with {@code STRICT_DUPLICATE_DETECTION} found a key given twice, for JSON and YAML
 * alike: the parser stops at the second occurrence, and its context is the key's place.
 */
public final class DuplicateKeys {

  private DuplicateKeys() {}

  /** As a JSON pointer ({@code /parameters/0/required}); empty when that is not the problem. */
  public static Optional<String> pointer(JacksonException e) {
    return segments(e)
        .map(
            s ->
                s.stream()
                    .map(p -> "/" + JsonPointers.escape(String.valueOf(p)))
                    .reduce("", String::concat));
  }

  /** As the API names fields ({@code parameters.FOO}, {@code items[0].name}). */
  public static Optional<String> field(JacksonException e) {
    return segments(e)
        .map(
            s -> {
              StringBuilder path = new StringBuilder();
              for (Object p : s) {
                if (p instanceof Integer i) {
                  path.append('[').append(i).append(']');
                } else {
                  path.append(path.isEmpty() ? "" : ".").append(NulCharacters.visible((String) p));
                }
              }
              return path.toString();
            });
  }

  /** Names and indexes from the root to the duplicated key. */
  private static Optional<List<Object>> segments(JacksonException e) {
    if (!String.valueOf(e.getOriginalMessage()).startsWith("Duplicate Object property")
        || !(e.processor() instanceof JsonParser parser)) {
      return Optional.empty();
    }
    List<Object> segments = new ArrayList<>();
    for (TokenStreamContext c = parser.streamReadContext(); c != null; c = c.getParent()) {
      if (c.inObject() && c.currentName() != null) {
        segments.addFirst(c.currentName());
      } else if (c.inArray()) {
        segments.addFirst(c.getCurrentIndex());
      }
    }
    return Optional.of(segments);
  }
}
