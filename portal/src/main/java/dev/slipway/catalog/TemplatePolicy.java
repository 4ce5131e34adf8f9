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
    allowedRoles = allowedRoles == null ? List.of() : List.copyOf(allowedRoles);
    allowedGroups = allowedGroups == null ? List.of() : List.copyOf(allowedGroups);
    quota = quota == null ? Map.of() : Map.copyOf(quota);
    limitDefaults = limitDefaults == null ? Map.of() : Map.copyOf(limitDefaults);
    limitDefaultRequests =
        limitDefaultRequests == null ? Map.of() : Map.copyOf(limitDefaultRequests);
  }

  public static TemplatePolicy open() {
    return new TemplatePolicy(
        null, null, List.of(), List.of(), false, Map.of(), Map.of(), Map.of());
  }
}
