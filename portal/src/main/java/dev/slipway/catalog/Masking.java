package dev.slipway.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Masks what a dry run must not show: every Secret value, every generated or secret value. */
final class Masking {

  private Masking() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> mask(Map<String, Object> object, RenderedTemplate rendered) {
    Map<String, Object> copy = (Map<String, Object>) redact(object, rendered);
    if ("Secret".equals(copy.get("kind"))) {
      for (String field : List.of("data", "stringData")) {
        if (copy.get(field) instanceof Map<?, ?> values) {
          Map<String, Object> masked = new LinkedHashMap<>();
          values.keySet().forEach(k -> masked.put(String.valueOf(k), RenderedTemplate.MASK));
          copy.put(field, masked);
        }
      }
    }
    return copy;
  }

  private static Object redact(Object node, RenderedTemplate rendered) {
    if (node instanceof String s) {
      return rendered.redact(s);
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      // Keys too: a template may put a generated value in a data key, a label or annotation name.
      map.forEach(
          (k, v) -> {
            String key = rendered.redact(String.valueOf(k));
            while (out.containsKey(key)) {
              key = key + "'"; // two masked keys stay two entries
            }
            out.put(key, redact(v, rendered));
          });
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(redact(v, rendered)));
      return out;
    }
    return node;
  }
}
