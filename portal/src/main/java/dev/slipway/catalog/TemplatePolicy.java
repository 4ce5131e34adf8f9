package dev.slipway.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What SREs decide per template. Stored and shown here; the provisioning engine enforces it.
 *
 * @param defaultTtl lifetime when a request names none; null: the portal's default
 * @param maxTtl longest lifetime; null: the portal's maximum (which always applies)
 * @param allowedRoles roles that may use the template (DEVELOPER, SRE); empty: every role that may
 *     request environments
 * @param allowedGroups groups that may use it; empty: no group restriction
 * @param approvalRequired whether an SRE must approve each request
 * @param quota the namespace's ResourceQuota {@code spec.hard} (resource → quantity)
 * @param limitDefaults the namespace's LimitRange container defaults (limits), e.g. memory → 512Mi
 * @param limitDefaultRequests the LimitRange container default requests
 */
public record TemplatePolicy(
    @Nullable Duration defaultTtl,
    @Nullable Duration maxTtl,
    List<String> allowedRoles,
    List<String> allowedGroups,
    boolean approvalRequired,
    Map<String, String> quota,
    Map<String, String> limitDefaults,
    Map<String, String> limitDefaultRequests) {

  public TemplatePolicy {
    // Copies that tolerate null elements, so the validator can name them instead of a crash here.
    allowedRoles = copy(allowedRoles);
    allowedGroups = copy(allowedGroups);
    quota = copy(quota);
    limitDefaults = copy(limitDefaults);
    limitDefaultRequests = copy(limitDefaultRequests);
  }

  private static <T> List<T> copy(@Nullable List<T> list) {
    return list == null
        ? List.of()
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }

  private static Map<String, String> copy(@Nullable Map<String, String> map) {
    return map == null
        ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(map));
  }

  public static TemplatePolicy open() {
    return new TemplatePolicy(
        null, null, List.of(), List.of(), false, Map.of(), Map.of(), Map.of());
  }
}
