package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.cluster.internal.ClusterConnection;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Not part of the test run (its name matches neither *Test nor *IT). Run it with the command in
 * docs/benchmarks.md: 100 environments of a 10-object template requested at once through the REST
 * API, against the in-process API server, and a raw fabric8 loop creating the same objects (the
 * ceiling). Several rounds; medians are written to target/benchmark.md.
 */
@PortalTest
class ProvisioningBenchmark {

  static final int ENVIRONMENTS = Integer.getInteger("bench.environments", 100);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

  @LocalServerPort int port;
  @Autowired ClusterConnection cluster;

  static String tenObjects() {
    StringBuilder objects = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      objects.append(
          "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: \"c%d\"}, data: {n: \"%d\"}}\n"
              .formatted(i, i));
    }
    return """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata: {name: bench-ten}
        objects:
        """
        + objects;
  }

  @Test
  void provisioningThroughputAgainstTheRawClientLoop() throws Exception {
    Api sre = Api.basic(port, "sre", "sre");
    assertThat(sre.post("/api/v1/templates?publish=true", tenObjects()).status()).isEqualTo(201);
    List<Double> portalRates = new ArrayList<>();
    List<Double> rawRates = new ArrayList<>();
    List<Double> p50s = new ArrayList<>();
    List<Double> p95s = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      Result portal = portalRound(sre, round);
      portalRates.add(portal.objectsPerSecond());
      p50s.add(portal.p50Millis());
      p95s.add(portal.p95Millis());
      rawRates.add(rawRound(cluster.client(), round));
    }
    double portal = median(portalRates);
    double raw = median(rawRates);
    String report =
        """
        | measure (median of %d rounds, %d environments × 10 objects) | value |
        |---|---|
        | portal: objects created per second, request to all ready | %.0f |
        | portal: request-to-ready p50 | %.0f ms |
        | portal: request-to-ready p95 | %.0f ms |
        | raw fabric8 loop: objects created per second | %.0f |
        | portal / raw | %.0f %% |
        """
            .formatted(
                ROUNDS, ENVIRONMENTS, portal, median(p50s), median(p95s), raw, 100 * portal / raw);
    Files.writeString(Path.of("target/benchmark.md"), report);
    System.out.println(report);
    assertThat(portal).isPositive();
  }

  record Result(double objectsPerSecond, double p50Millis, double p95Millis) {}

  private Result portalRound(Api api, int round) throws Exception {
    Map<String, Long> requestedAt = new ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
      List<CompletableFuture<String>> requests = new ArrayList<>();
      for (int i = 0; i < ENVIRONMENTS; i++) {
        String name = "bench-" + round + "-" + i;
        requests.add(
            CompletableFuture.supplyAsync(
                () -> {
                  long at = System.nanoTime();
                  Api.Response r =
                      api.post(
                          "/api/v1/environments",
                          "{\"template\": \"bench-ten\", \"name\": \"" + name + "\"}");
                  String id = r.json().path("id").asString();
                  requestedAt.put(id, at);
                  return id;
                },
                clients));
      }
      List<String> ids = new ArrayList<>();
      for (CompletableFuture<String> r : requests) {
        ids.add(r.get());
      }
      for (String id : ids) {
        while (!api.get("/api/v1/environments/" + id)
            .json()
            .path("status")
            .asString()
            .equals("READY")) {
          Thread.sleep(5);
        }
        latencies.add(System.nanoTime() - requestedAt.get(id));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Result(
        ENVIRONMENTS * 10 / seconds,
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) / 1e6);
  }

  private static double rawRound(KubernetesClient client, int round) {
    long start = System.nanoTime();
    for (int e = 0; e < ENVIRONMENTS; e++) {
      String namespace = "raw-" + round + "-" + e;
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
      for (int i = 0; i < 10; i++) {
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("c" + i)
                    .endMetadata()
                    .addToData("n", "" + i)
                    .build())
            .create();
      }
    }
    return ENVIRONMENTS * 10 / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
