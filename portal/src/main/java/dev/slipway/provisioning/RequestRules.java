package dev.slipway.provisioning;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.RenderedTemplate;
import dev.slipway.catalog.TemplateParameter;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.security.CurrentUser;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.Pure;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The checks of a request that need nothing but the request, the requester and the template's
 * policy: name, time to live, team, parameter values, who may use the template. Pure: every problem
 * is added to the list given, so a request hears of all of them at once.
 *
 * @param namespacePrefix an environment's namespace is this followed by its name
 * @param defaultTtl the portal's default time to live
 * @param maxTtl the portal's maximum time to live; a template's may only be shorter
 */
@Pure
record RequestRules(String namespacePrefix, Duration defaultTtl, Duration maxTtl) {

  static final String MASK = RenderedTemplate.MASK;
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  static RequestRules of(ProvisioningProperties properties) {
    return new RequestRules(
        properties.namespacePrefix(), properties.defaultTtl(), properties.maxTtl());
  }

  /** The longest environment name that still makes a valid namespace name. */
  int maxNameLength() {
    return 63 - namespacePrefix.length();
  }

  String checkName(@Nullable String name, List<FieldProblem> problems) {
    int max = maxNameLength();
    if (name == null || name.isBlank()) {
      problems.add(new FieldProblem("name", "is required"));
      return "";
    }
    if (!DNS_1123_LABEL.matcher(name).matches() || name.length() > max) {
      problems.add(
          new FieldProblem(
              "name",
              "'"
                  // A refusal quotes the start of a long value, not all of it.
                  + (name.length() > 80 ? name.substring(0, 80) + "…" : name)
                  + "' is not a DNS-1123 label: use lowercase letters, digits and '-', start and"
                  + " end with a letter or digit, at most "
                  + max
                  + " characters"));
    }
    return name;
  }

  /** The longest lifetime for the template: its policy's maximum, never above the portal's. */
  Duration maxTtl(Optional<TemplatePolicy> policy) {
    Duration templateMax = policy.map(TemplatePolicy::maxTtl).orElse(null);
    return templateMax != null && templateMax.compareTo(maxTtl) < 0 ? templateMax : maxTtl;
  }

  Duration defaultTtl(Optional<TemplatePolicy> policy) {
    Duration templateDefault = policy.map(TemplatePolicy::defaultTtl).orElse(null);
    Duration ttl = templateDefault != null ? templateDefault : defaultTtl;
    Duration max = maxTtl(policy);
    return ttl.compareTo(max) > 0 ? max : ttl;
  }

  Duration checkTtl(
      @Nullable String ttl,
      Optional<TemplatePolicy> policy,
      Optional<String> template,
      List<FieldProblem> problems) {
    if (ttl == null || ttl.isBlank()) {
      return defaultTtl(policy);
    }
    Duration parsed;
    try {
      parsed = Duration.parse(ttl.strip());
    } catch (DateTimeParseException e) {
      problems.add(
          new FieldProblem(
              "ttl", "'" + ttl + "' is not an ISO-8601 duration; write e.g. P3D or PT12H"));
      return defaultTtl(policy);
    }
    Duration max = maxTtl(policy);
    if (parsed.isNegative() || parsed.isZero()) {
      problems.add(new FieldProblem("ttl", "must be longer than zero"));
    } else if (parsed.compareTo(max) > 0) {
      boolean templateLimit = max.compareTo(maxTtl) < 0;
      problems.add(
          new FieldProblem(
              "ttl",
              ttl
                  + " is longer than the maximum of "
                  + Durations.readable(max)
                  + " ("
                  + Durations.iso(max)
                  + ")"
                  + (templateLimit ? " that template " + template.orElse("") + " allows" : "")));
    }
    return parsed;
  }

  /**
   * The team a request belongs to: the one named, which must be one of the requester's, or their
   * only team; none for a requester in no team.
   */
  static @Nullable String checkTeam(
      @Nullable String named, CurrentUser user, List<FieldProblem> problems) {
    if (named != null && !named.isBlank()) {
      if (user.teams().contains(named.strip())) {
        return named.strip();
      }
      problems.add(
          new FieldProblem(
              "team",
              user.teams().isEmpty()
                  ? "you are in no team, so leave it out"
                  : "'"
                      + named.strip()
                      + "' is not one of your teams: "
                      + String.join(", ", user.teams())));
      return null;
    }
    if (user.teams().size() > 1) {
      problems.add(
          new FieldProblem(
              "team",
              "is required: you are in several teams (" + String.join(", ", user.teams()) + ")"));
      return null;
    }
    return user.teams().isEmpty() ? null : user.teams().getFirst();
  }

  /**
   * Parameter values must be strings, as in {@code oc process -p NAME=value}; their size and
   * content are the catalog's to check when it renders them (for the dry run alike).
   */
  static Map<String, String> checkValues(
      @Nullable Map<String, String> parameters, List<FieldProblem> problems) {
    if (parameters == null) {
      return Map.of();
    }
    Map<String, String> values = new LinkedHashMap<>();
    parameters.forEach(
        (k, v) -> {
          if (v == null) {
            problems.add(
                new FieldProblem(
                    "parameters." + k,
                    "must be a string; leave the parameter out to use its default"));
          } else {
            values.put(k, v);
          }
        });
    return values;
  }

  /**
   * The template policy's roles and groups: when it names roles, the requester holds one; when it
   * names groups, the requester is in one.
   *
   * @return why the requester may not use the template; empty when they may
   */
  static Optional<String> refusal(TemplatePolicy policy, String template, CurrentUser user) {
    boolean roleOk =
        policy.allowedRoles().isEmpty()
            || policy.allowedRoles().stream()
                .anyMatch(r -> user.roles().stream().anyMatch(has -> has.name().equals(r)));
    boolean groupOk =
        policy.allowedGroups().isEmpty()
            || policy.allowedGroups().stream().anyMatch(user.groups()::contains);
    if (roleOk && groupOk) {
      return Optional.empty();
    }
    List<String> who = new ArrayList<>();
    policy.allowedRoles().forEach(r -> who.add(r.toLowerCase(Locale.ROOT) + "s"));
    policy.allowedGroups().forEach(g -> who.add("group " + g));
    return Optional.of("Template " + template + " is only for " + String.join(", ", who) + ".");
  }

  /**
   * The supplied values as they may be stored and shown: secret-looking and generated parameters
   * masked. Generated values themselves are never here: they exist only in the rendered objects.
   */
  static Map<String, String> recordable(CatalogTemplate template, Map<String, String> values) {
    Set<String> secret =
        template.parameters().stream()
            .filter(TemplateParameter::secret)
            .map(TemplateParameter::name)
            .collect(Collectors.toSet());
    Map<String, String> out = new TreeMap<>();
    values.forEach(
        (k, v) -> out.put(k, secret.contains(k) || TemplateParameter.looksSecret(k) ? MASK : v));
    return new LinkedHashMap<>(out);
  }

  /** The values given that are recorded masked: the provisioning task gets them from memory. */
  static Map<String, String> secretValues(
      Map<String, String> recorded, Map<String, String> values) {
    Map<String, String> secrets = new LinkedHashMap<>();
    recorded.forEach(
        (k, v) -> {
          if (MASK.equals(v) && values.containsKey(k)) {
            secrets.put(k, values.get(k));
          }
        });
    return secrets;
  }

  /**
   * The recorded values a render may use again: masked ones are left to defaults and generators.
   */
  static Map<String, String> unmasked(Map<String, String> recorded) {
    Map<String, String> values = new LinkedHashMap<>();
    recorded.forEach(
        (k, v) -> {
          if (!MASK.equals(v)) {
            values.put(k, v);
          }
        });
    return values;
  }
}
