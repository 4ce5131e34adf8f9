package dev.slipway.helm;

import static dev.slipway.helm.RenderedChart.list;
import static dev.slipway.helm.RenderedChart.map;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A ClusterRole's rules as verbs by resource ("group/resource", core resources bare). */
final class Rbac {

  private Rbac() {}

  static Map<String, Set<String>> verbsByResource(Map<String, Object> clusterRole) {
    Map<String, Set<String>> verbs = new TreeMap<>();
    for (Object r : list(clusterRole.get("rules"))) {
      Map<String, Object> rule = map(r);
      for (Object group : list(rule.get("apiGroups"))) {
        for (Object resource : list(rule.get("resources"))) {
          String key = String.valueOf(group).isEmpty() ? "" + resource : group + "/" + resource;
          verbs
              .computeIfAbsent(key, k -> new TreeSet<>())
              .addAll(list(rule.get("verbs")).stream().map(String::valueOf).toList());
        }
      }
    }
    return verbs;
  }
}
