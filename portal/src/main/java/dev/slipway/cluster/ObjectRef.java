package dev.slipway.cluster;

import java.util.Map;

/** Names one object in a namespace: what it is and what it is called. */
public record ObjectRef(String apiVersion, String kind, String name) {

  /** Reads the reference out of a manifest; a manifest without one cannot be applied. */
  @SuppressWarnings("unchecked")
  public static ObjectRef of(Map<String, Object> manifest) {
    Object metadata = manifest.get("metadata");
    Object name = metadata instanceof Map<?, ?> m ? ((Map<String, Object>) m).get("name") : null;
    return new ObjectRef(
        String.valueOf(manifest.getOrDefault("apiVersion", "")),
        String.valueOf(manifest.getOrDefault("kind", "")),
        name == null ? "" : String.valueOf(name));
  }

  @Override
  public String toString() {
    return kind + " " + name;
  }
}
