package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.catalog.CatalogTemplate;
import dev.slipway.catalog.TemplateParameter;
import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.Role;
import dev.slipway.shared.FieldProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a request may ask for, checked without a database, a catalog or a cluster. */
class RequestRulesTest {

  static final RequestRules RULES =
      new RequestRules("env-", Duration.ofDays(1), Duration.ofDays(14));

  final List<FieldProblem> problems = new ArrayList<>();

  static TemplatePolicy policy(Duration defaultTtl, Duration maxTtl) {
    return new TemplatePolicy(
        defaultTtl, maxTtl, List.of(), List.of(), false, Map.of(), Map.of(), Map.of());
  }

  static CurrentUser user(List<String> teams) {
    return new CurrentUser(
        "u-1", "dev", Set.of(Role.DEVELOPER), List.of("slipway-developers"), teams);
  }

  @Test
  void aNameIsADns1123LabelShortEnoughForItsNamespace() {
    assertThat(RULES.maxNameLength()).isEqualTo(59);
    assertThat(RULES.checkName("shop-db-2", problems)).isEqualTo("shop-db-2");
    assertThat(problems).isEmpty();

    RULES.checkName("Shop_DB", problems);
    RULES.checkName("-shop", problems);
    RULES.checkName("a".repeat(60), problems);
    RULES.checkName(" ", problems);
    assertThat(problems).extracting(FieldProblem::field).containsOnly("name").hasSize(4);
    assertThat(problems.get(2).message()).contains("at most 59 characters");
    assertThat(problems.get(3).message()).isEqualTo("is required");
  }

  @Test
  void aRefusedLongNameIsQuotedOnlyInPart() {
    RULES.checkName("X".repeat(500), problems);
    assertThat(problems.getFirst().message()).startsWith("'" + "X".repeat(80) + "…'");
  }

  @Test
  void theTtlDefaultsToTheTemplatesDefaultNeverAboveItsMaximum() {
    assertThat(RULES.checkTtl(null, Optional.empty(), Optional.empty(), problems))
        .isEqualTo(Duration.ofDays(1));
    assertThat(
            RULES.checkTtl(
                "", Optional.of(policy(Duration.ofDays(3), null)), Optional.of("redis"), problems))
        .isEqualTo(Duration.ofDays(3));
    assertThat(
            RULES.checkTtl(
                null,
                Optional.of(policy(Duration.ofDays(10), Duration.ofDays(2))),
                Optional.of("redis"),
                problems))
        .isEqualTo(Duration.ofDays(2));
    assertThat(problems).isEmpty();
  }

  @Test
  void theTemplatesMaximumMayOnlyBeShorterThanThePortals() {
    assertThat(RULES.maxTtl(Optional.of(policy(null, Duration.ofDays(30)))))
        .isEqualTo(Duration.ofDays(14));
    assertThat(RULES.maxTtl(Optional.of(policy(null, Duration.ofDays(2)))))
        .isEqualTo(Duration.ofDays(2));
    assertThat(RULES.maxTtl(Optional.empty())).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void aTtlIsAPositiveIsoDurationWithinTheMaximumAndTheRefusalSaysWhoseMaximum() {
    RULES.checkTtl("three days", Optional.empty(), Optional.empty(), problems);
    RULES.checkTtl("PT0S", Optional.empty(), Optional.empty(), problems);
    RULES.checkTtl("P15D", Optional.empty(), Optional.empty(), problems);
    RULES.checkTtl(
        "P3D", Optional.of(policy(null, Duration.ofDays(2))), Optional.of("redis"), problems);
    assertThat(problems).extracting(FieldProblem::field).containsOnly("ttl");
    assertThat(problems)
        .extracting(FieldProblem::message)
        .containsExactly(
            "'three days' is not an ISO-8601 duration; write e.g. P3D or PT12H",
            "must be longer than zero",
            "P15D is longer than the maximum of 14 days (P14D)",
            "P3D is longer than the maximum of 2 days (P2D) that template redis allows");
  }

  @Test
  void theTeamIsTheOneNamedOfTheRequestersOrTheirOnlyOne() {
    assertThat(RequestRules.checkTeam(null, user(List.of("team-a")), problems)).isEqualTo("team-a");
    assertThat(RequestRules.checkTeam(" team-b ", user(List.of("team-a", "team-b")), problems))
        .isEqualTo("team-b");
    assertThat(RequestRules.checkTeam(null, user(List.of()), problems)).isNull();
    assertThat(problems).isEmpty();

    RequestRules.checkTeam(null, user(List.of("team-a", "team-b")), problems);
    RequestRules.checkTeam("team-c", user(List.of("team-a")), problems);
    RequestRules.checkTeam("team-c", user(List.of()), problems);
    assertThat(problems)
        .extracting(FieldProblem::message)
        .containsExactly(
            "is required: you are in several teams (team-a, team-b)",
            "'team-c' is not one of your teams: team-a",
            "you are in no team, so leave it out");
  }

  @Test
  void parameterValuesAreStringsAndAMissingOneIsNamed() {
    Map<String, String> given = new HashMap<>();
    given.put("SIZE", "1Gi");
    given.put("EMPTY", null);
    assertThat(RequestRules.checkValues(given, problems)).containsExactly(Map.entry("SIZE", "1Gi"));
    assertThat(problems)
        .containsExactly(
            new FieldProblem(
                "parameters.EMPTY",
                "must be a string; leave the parameter out to use its default"));
    assertThat(RequestRules.checkValues(null, problems)).isEmpty();
  }

  @Test
  void aTemplatesPolicyNamesWhoMayUseIt() {
    TemplatePolicy sreOnly =
        new TemplatePolicy(
            null, null, List.of("SRE"), List.of("dba"), false, Map.of(), Map.of(), Map.of());
    assertThat(RequestRules.refusal(sreOnly, "oracle", user(List.of())))
        .contains("Template oracle is only for sres, group dba.");
    CurrentUser sre = new CurrentUser("u-2", "sre", Set.of(Role.SRE), List.of("dba"), List.of());
    assertThat(RequestRules.refusal(sreOnly, "oracle", sre)).isEmpty();
    assertThat(RequestRules.refusal(TemplatePolicy.open(), "oracle", user(List.of()))).isEmpty();
  }

  @Test
  void secretLookingAndSecretParametersAreRecordedMaskedAndHandedOnFromMemoryOnly() {
    CatalogTemplate template =
        new CatalogTemplate(
            "postgresql",
            3,
            "PostgreSQL",
            "",
            "",
            "",
            "",
            List.of(),
            List.of(
                new TemplateParameter("DATABASE", "", "", false, "", false),
                new TemplateParameter("SEED", "", "", false, "", true)),
            null);
    Map<String, String> values =
        Map.of("DATABASE", "shop", "SEED", "seed-123456", "DB_PASSWORD", "s3cret-value");
    Map<String, String> recorded = RequestRules.recordable(template, values);
    assertThat(recorded)
        .containsExactly(
            Map.entry("DATABASE", "shop"),
            Map.entry("DB_PASSWORD", RequestRules.MASK),
            Map.entry("SEED", RequestRules.MASK));
    assertThat(RequestRules.secretValues(recorded, values))
        .containsOnly(Map.entry("SEED", "seed-123456"), Map.entry("DB_PASSWORD", "s3cret-value"));
    assertThat(RequestRules.unmasked(recorded)).containsExactly(Map.entry("DATABASE", "shop"));
  }
}
