package dev.slipway.catalog.internal;

import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.shared.FieldProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a template policy; each problem names its field as the API spells it. */
public final class PolicyValidator {

  /** Kubernetes resource quantities: 500m, 2, 1.5, 512Mi, 1G, 1e3. */
  private static final Pattern QUANTITY =
      Pattern.compile("^[+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|[numkMGTPE]|[KMGTPE]i)?$");

  private static final Pattern RESOURCE_NAME =
      Pattern.compile(
          "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$");
  private static final Set<String> REQUESTING_ROLES = Set.of("DEVELOPER", "SRE");
  private static final Set<String> CONTAINER_RESOURCES =
      Set.of("cpu", "memory", "ephemeral-storage");

  private final Duration globalMaxTtl;

  public PolicyValidator(Duration globalMaxTtl) {
    this.globalMaxTtl = globalMaxTtl;
  }

  public List<FieldProblem> check(TemplatePolicy policy) {
    List<FieldProblem> problems = new ArrayList<>();
    checkTtl("defaultTtl", policy.defaultTtl(), problems);
    checkTtl("maxTtl", policy.maxTtl(), problems);
    if (policy.defaultTtl() != null
        && policy.maxTtl() != null
        && policy.defaultTtl().compareTo(policy.maxTtl()) > 0) {
      problems.add(new FieldProblem("defaultTtl", "is longer than maxTtl " + policy.maxTtl()));
    }
    for (int i = 0; i < policy.allowedRoles().size(); i++) {
      String role = policy.allowedRoles().get(i);
      if (role == null || !REQUESTING_ROLES.contains(role)) {
        problems.add(
            new FieldProblem(
                "allowedRoles[" + i + "]",
                "'" + role + "' is not a role that requests environments (DEVELOPER, SRE)"));
      }
    }
    for (int i = 0; i < policy.allowedGroups().size(); i++) {
      if (policy.allowedGroups().get(i) == null || policy.allowedGroups().get(i).isBlank()) {
        problems.add(new FieldProblem("allowedGroups[" + i + "]", "a group name cannot be empty"));
      }
    }
    checkQuantities("quota", policy.quota(), null, problems);
    checkQuantities("limitDefaults", policy.limitDefaults(), CONTAINER_RESOURCES, problems);
    checkQuantities(
        "limitDefaultRequests", policy.limitDefaultRequests(), CONTAINER_RESOURCES, problems);
    return problems;
  }

  private void checkTtl(String field, Duration ttl, List<FieldProblem> problems) {
    if (ttl == null) {
      return;
    }
    if (ttl.isNegative() || ttl.isZero()) {
      problems.add(new FieldProblem(field, "must be longer than zero"));
    } else if (ttl.compareTo(globalMaxTtl) > 0) {
      problems.add(
          new FieldProblem(
              field,
              ttl
                  + " is longer than the portal's maximum "
                  + globalMaxTtl
                  + " (slipway.provisioning.max-ttl)"));
    }
  }

  private static void checkQuantities(
      String field,
      Map<String, String> quantities,
      Set<String> allowedKeys,
      List<FieldProblem> problems) {
    quantities.forEach(
        (resource, quantity) -> {
          if (!RESOURCE_NAME.matcher(resource).matches()
              || (allowedKeys != null && !allowedKeys.contains(resource))) {
            problems.add(
                new FieldProblem(
                    field + "." + resource,
                    allowedKeys == null
                        ? "'" + resource + "' is not a resource name"
                        : "'" + resource + "' is not one of " + allowedKeys));
          } else if (quantity == null || !QUANTITY.matcher(quantity).matches()) {
            problems.add(
                new FieldProblem(
                    field + "." + resource,
                    "'" + quantity + "' is not a quantity such as 500m, 2 or 512Mi"));
          }
        });
  }
}
