package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.cluster.internal.ClusterConnection;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Limits on live environments, and the template's quota and limit range in each namespace. */
@PortalTest
class EnvironmentLimitsIT {

  @LocalServerPort int port;
  @Autowired EnvironmentLimits limits;
  @Autowired LiveCounts repository;
  @Autowired ClusterConnection cluster;
  Api sre;
  int perUser;
  int perTeam;

  @BeforeEach
  void remember() {
    sre = Api.basic(port, "sre", "sre");
    perUser = limits.perUser();
    perTeam = limits.perTeam();
  }

  @AfterEach
  void restore() {
    limits.set(perUser, perTeam);
    sre.put("/api/v1/templates/redis/policy", "{}");
  }

  @Test
  void aUserAtTheLimitIsToldWhichLimit() {
    long live = repository.liveOwnedBy("sre");
    limits.set((int) live + 1, 0);
    Api.Response first =
        sre.post("/api/v1/environments", "{\"template\": \"redis\", \"name\": \"limit-one\"}");
    assertThat(first.status()).as(first.body()).isEqualTo(202);

    Api.Response second =
        sre.post("/api/v1/environments", "{\"template\": \"redis\", \"name\": \"limit-two\"}");

    assertThat(second.status()).isEqualTo(429);
    assertThat(second.contentType()).startsWith("application/problem+json");
    assertThat(second.json().path("limit").asString())
        .isEqualTo("slipway.provisioning.limits.per-user");
    assertThat(second.json().path("detail").asString()).contains(live + 1 + " live environments");
  }

  /**
   * Each of {@code count} requests at the same moment, by the subject {@code who.apply(i)} of
   * {@code team}: the environment's id when accepted, null when refused for a limit. People and
   * teams of their own, so no other test's environments move the counts meanwhile.
   */
  private List<java.util.UUID> burst(
      int count, java.util.function.IntFunction<String> who, String team, String prefix) {
    return Simultaneous.send(
        count,
        i -> {
          signInAs(who.apply(i), team);
          try {
            return lifecycle
                .request(new EnvironmentRequest("redis", prefix + i, java.util.Map.of(), null))
                .id();
          } catch (dev.slipway.shared.LimitExceededException refused) {
            return null;
          } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
          }
        });
  }

  @Test
  void twentySimultaneousRequestsAgainstALimitOfTenGetExactlyTen() {
    limits.set(10, 0);
    String user = "burst-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    List<java.util.UUID> accepted = burst(20, i -> user, "team-" + user, user + "-");

    assertThat(accepted.stream().filter(java.util.Objects::nonNull)).hasSize(10);
    assertThat(repository.liveOwnedBy(user)).isEqualTo(10);
    cleanUp(accepted);
  }

  @Test
  void twentySimultaneousRequestsOfOneTeamAgainstItsLimitOfTenGetExactlyTen() {
    limits.set(0, 10);
    String team = "team-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    List<java.util.UUID> accepted = burst(20, i -> team + "-member-" + i, team, team + "-e");

    assertThat(accepted.stream().filter(java.util.Objects::nonNull)).hasSize(10);
    assertThat(repository.liveOfTeam(team)).isEqualTo(10);
    cleanUp(accepted);
  }

  /** Deletes what was accepted, as an SRE: the sandbox keeps no more than the test needed. */
  private void cleanUp(List<java.util.UUID> accepted) {
    for (java.util.UUID id : accepted) {
      if (id != null) {
        sre.awaitStatus(id.toString(), "READY");
        assertThat(sre.delete("/api/v1/environments/" + id).status()).isEqualTo(202);
        sre.awaitStatus(id.toString(), "DELETED");
      }
    }
  }

  @Autowired EnvironmentLifecycle lifecycle;

  @Test
  void aTeamAtItsLimitIsToldWhichLimit() {
    limits.set(0, 1);
    try {
      signInAs("member-one", "team-tiny");
      lifecycle.request(new EnvironmentRequest("redis", "team-one", java.util.Map.of(), null));
      signInAs("member-two", "team-tiny");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  lifecycle.request(
                      new EnvironmentRequest("redis", "team-two", java.util.Map.of(), null)))
          .isInstanceOf(dev.slipway.shared.LimitExceededException.class)
          .hasMessageContaining("Team team-tiny has 1 live environments")
          .satisfies(
              e ->
                  assertThat(((dev.slipway.shared.LimitExceededException) e).limit())
                      .isEqualTo("slipway.provisioning.limits.per-team"));
      signInAs("loner", "team-other");
      assertThat(
              lifecycle.request(
                  new EnvironmentRequest("redis", "team-three", java.util.Map.of(), null)))
          .isNotNull();
    } finally {
      org.springframework.security.core.context.SecurityContextHolder.clearContext();
    }
  }

  private static void signInAs(String subject, String group) {
    var jwt =
        org.springframework.security.oauth2.jwt.Jwt.withTokenValue("test")
            .header("alg", "none")
            .subject(subject)
            .claim("groups", List.of(group))
            .build();
    org.springframework.security.core.context.SecurityContextHolder.getContext()
        .setAuthentication(
            new org.springframework.security.oauth2.server.resource.authentication
                .JwtAuthenticationToken(
                jwt,
                List.of(
                    new org.springframework.security.core.authority.SimpleGrantedAuthority(
                        "ROLE_DEVELOPER"))));
  }

  @Test
  void theNamespaceGetsTheTemplatesQuotaAndLimitRangeFirst() {
    assertThat(
            sre.put(
                    "/api/v1/templates/redis/policy",
                    """
                    {"quota": {"requests.cpu": "2", "pods": "5"},
                     "limitDefaults": {"memory": "512Mi"}, "limitDefaultRequests": {"cpu": "100m"}}""")
                .status())
        .isEqualTo(200);

    String id = sre.ready("redis", "guarded");

    ResourceQuota quota =
        cluster
            .client()
            .resourceQuotas()
            .inNamespace("env-guarded")
            .withName("slipway-quota")
            .get();
    assertThat(quota.getSpec().getHard()).containsKeys("requests.cpu", "pods");
    assertThat(quota.getSpec().getHard().get("pods").toString()).isEqualTo("5");
    assertThat(quota.getMetadata().getLabels()).containsEntry("slipway.dev/environment", id);
    LimitRange limitRange =
        cluster.client().limitRanges().inNamespace("env-guarded").withName("slipway-limits").get();
    assertThat(limitRange.getSpec().getLimits().getFirst().getDefault().get("memory").toString())
        .isEqualTo("512Mi");
    assertThat(
            limitRange.getSpec().getLimits().getFirst().getDefaultRequest().get("cpu").toString())
        .isEqualTo("100m");

    List<String> kinds = new ArrayList<>();
    for (JsonNode o : sre.get("/api/v1/environments/" + id).json().path("objects")) {
      kinds.add(o.path("kind").asString());
    }
    assertThat(kinds.subList(0, 2)).containsExactly("ResourceQuota", "LimitRange");

    assertThat(sre.delete("/api/v1/environments/" + id).status()).isEqualTo(202);
    sre.awaitStatus(id, "DELETED");
    assertThat(cluster.client().resourceQuotas().inNamespace("env-guarded").list().getItems())
        .isEmpty();
    assertThat(cluster.client().limitRanges().inNamespace("env-guarded").list().getItems())
        .isEmpty();
  }
}
