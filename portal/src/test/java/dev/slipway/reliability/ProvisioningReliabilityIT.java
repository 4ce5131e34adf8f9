package dev.slipway.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.reliability.FaultProxy.Exchange;
import dev.slipway.reliability.FaultProxy.Mode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The reliability suite: real processes throughout. PostgreSQL runs as a server of its own that the
 * test stops and starts; the API server (fabric8's CRUD server) runs in a JVM of its own behind a
 * {@link FaultProxy}; each portal is the built jar in a JVM of its own, killed with SIGKILL when a
 * scenario says so. Each scenario asserts the promises: how many environments end READY (or
 * DELETED), that each holds exactly the template's objects, that nothing is orphaned, that no
 * environment was provisioned by two executions at once, and the state after recovery. Each writes
 * its figures to {@code target/reliability/<scenario>.md}, broken promises included; the whole run
 * is summed up in {@code target/reliability/reliability.md} (docs/reliability.md is a copy).
 */
@Tag("reliability")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisioningReliabilityIT {

  static final String TEMPLATE =
      """
      apiVersion: template.openshift.io/v1
      kind: Template
      metadata: {name: reliable}
      parameters:
        - {name: PASSWORD, generate: expression, from: "[a-zA-Z0-9]{16}"}
      objects:
        - {apiVersion: v1, kind: Secret, metadata: {name: creds}, stringData: {password: "${PASSWORD}"}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: test}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: features}, data: {beta: "true"}}
        - {apiVersion: v1, kind: Service, metadata: {name: web}, spec: {ports: [{port: 8080}]}}
      """;

  /**
   * What a READY environment's namespace holds, exactly: the template's four objects, and the
   * monitoring the portal adds to every environment (its rules and dashboard).
   */
  static final Set<String> EXPECTED =
      Set.of(
          "Secret creds",
          "ConfigMap settings",
          "ConfigMap features",
          "Service web",
          "ConfigMap slipway-dashboard",
          "PrometheusRule slipway-slos");

  static final Set<String> FINAL = Set.of("READY", "FAILED", "DELETED", "REJECTED");
  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'r');

  static final Path OUT = Path.of("target", "reliability");
  static Database database;
  static ApiServerProcess apiServer;
  static FaultProxy proxy;
  static ClusterContents cluster;
  static Path jar;
  static final List<PortalProcess> portals = new ArrayList<>();
  static final List<Figures> done = new ArrayList<>();
  static long suiteStart;

  @BeforeAll
  static void start() throws Exception {
    suiteStart = System.nanoTime();
    if (Files.exists(OUT)) {
      try (Stream<Path> old = Files.walk(OUT)) {
        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(OUT);
    jar = portalJar();
    database = Database.start(OUT.resolve("postgres-data"));
    apiServer = ApiServerProcess.start(OUT.resolve("api-server.log"));
    proxy = new FaultProxy(apiServer.port());
    cluster = new ClusterContents(apiServer.port());
    ensureRunning(1);
    Api.Response published =
        alive().getFirst().api("sre").post("/api/v1/templates?publish=true", TEMPLATE);
    assertThat(published.status()).as(published.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    for (PortalProcess p : portals) {
      p.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (apiServer != null) {
      apiServer.close();
    }
    if (database != null) {
      database.close();
    }
    StringBuilder doc = new StringBuilder();
    doc.append(
        """
        # Reliability

        <!-- generated by ProvisioningReliabilityIT (portal/target/reliability/reliability.md); \
        copy it here after a run -->

        What the portal promises when its processes die and what it depends on fails, measured with
        real processes: PostgreSQL as a server of its own (stopped and started again on the same
        port and data), the API server (fabric8's CRUD server) in a JVM of its own behind a fault
        proxy (latency, a rate limit, refused connections, 503/429, a black hole), and portal
        instances started from the built jar, each in its own JVM, killed with SIGKILL.

        Every scenario checks the same promises at its end, after recovery: the number of
        environments READY (or DELETED) and FAILED; each READY environment's namespace holds
        exactly the template's four objects and the portal's rules and dashboard; nothing is
        orphaned (no namespace or object without a live environment; nothing left of a FAILED or
        DELETED one); no provisioning or deletion task left; each environment READY once; and no
        namespace written by two instances at overlapping times.

        Reproduce (about %s on 2 cores; `-Dskip.reliability=true` leaves the suite out of a build):

        ```bash
        ./mvnw -pl portal -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \\
          -Dit.test=ProvisioningReliabilityIT -Dfailsafe.failIfNoSpecifiedTests=false
        ```

        The figures below are from the last run (%s, code at commit %s). Each scenario's own file,
        and every process's log, is in `portal/target/reliability/`.

        """
            .formatted(
                String.format(Locale.ROOT, "%.0f minutes", (System.nanoTime() - suiteStart) / 60e9),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                commit()));
    doc.append("| scenario | result |\n|---|---|\n");
    for (Figures f : done) {
      doc.append("| ")
          .append(f.title)
          .append(" | ")
          .append(f.broken().isEmpty() ? "every promise held" : f.broken().size() + " broken")
          .append(" |\n");
    }
    doc.append("\n");
    done.forEach(f -> doc.append(f.markdown()));
    Files.writeString(OUT.resolve("reliability.md"), doc.toString());
  }

  /** The commit the run was built from, as {@code `abc1234` (subject)}, when git can say. */
  static String commit() {
    try {
      Process git =
          new ProcessBuilder("git", "log", "-1", "--format=%h%x09%s")
              .redirectErrorStream(true)
              .start();
      String[] out = new String(git.getInputStream().readAllBytes()).trim().split("\t", 2);
      if (git.waitFor() != 0 || out.length < 2) {
        return "unknown";
      }
      String subject = out[1].length() > 80 ? out[1].substring(0, 77) + "..." : out[1];
      return "`" + out[0] + "` (" + subject + ")";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  // ---------------------------------------------------------------- scenarios

  @Test
  @Order(1)
  void anInstanceKilledMidProvisioningLeavesItsWorkToAnother() throws Exception {
    Figures f =
        new Figures(
            "1-kill-mid-provisioning",
            "kill -9 mid-provisioning (20 environments)",
            "One portal instance takes 20 requests; the API server answers each call after 150 ms."
                + " Once the instance has begun writing to 6 namespaces it is killed with SIGKILL,"
                + " and a fresh instance is started on the same database.");
    scenario(
        f,
        () -> {
          ensureRunning(1);
          proxy.latency(Duration.ofMillis(150));
          PortalProcess only = alive().getFirst();
          List<String> ids = request(f, "kill", 20, i -> only, null, Duration.ZERO);
          awaitUntil(Duration.ofSeconds(60), () -> namespacesBegun("kill") >= 6);
          f.put("namespaces begun when killed", namespacesBegun("kill"));
          f.put("environments READY when killed", statuses("kill").getOrDefault("READY", 0));
          Instant killed = Instant.now();
          only.kill();
          proxy.latency(Duration.ZERO);
          PortalProcess survivor = startPortal();
          f.put(
              "survivor's start (jar → ready)",
              seconds(survivor.awaitReady(Duration.ofMinutes(2))));
          Duration converged = awaitFinal("kill", Duration.ofMinutes(3));
          f.put("kill → every environment final", seconds(Duration.between(killed, Instant.now())));
          f.put(
              "take-over by the fresh instance",
              takeover("kill", only.name, survivor.name, killed));
          verdict(f, "kill", "READY", ids.size(), converged);
        });
  }

  @Test
  @Order(2)
  void twoInstancesShareFiftyRequestsAndOneIsKilledMidway() throws Exception {
    Figures f =
        new Figures(
            "2-two-instances-one-killed",
            "two instances, 50 requests, one killed midway",
            "Two portal instances take 50 requests between them (alternately); the API server"
                + " answers each call after 100 ms. Once 25 namespaces have been begun, one instance"
                + " is killed with SIGKILL; the other carries on alone.");
    scenario(
        f,
        () -> {
          ensureRunning(2);
          proxy.latency(Duration.ofMillis(100));
          List<PortalProcess> two = alive().subList(0, 2);
          request(f, "pair", 50, i -> two.get(i % 2), null, Duration.ZERO);
          awaitUntil(Duration.ofSeconds(90), () -> namespacesBegun("pair") >= 25);
          f.put("namespaces begun when killed", namespacesBegun("pair"));
          f.put("environments READY when killed", statuses("pair").getOrDefault("READY", 0));
          Instant killed = Instant.now();
          two.get(1).kill();
          f.put("killed instance", two.get(1).name);
          Duration converged = awaitFinal("pair", Duration.ofMinutes(3));
          proxy.latency(Duration.ZERO);
          f.put("kill → every environment final", seconds(Duration.between(killed, Instant.now())));
          f.put(
              "take-over by the survivor",
              takeover("pair", two.get(1).name, two.get(0).name, killed));
          verdict(f, "pair", "READY", 50, converged);
        });
  }

  @Test
  @Order(3)
  void aSlowApiServerSlowsProvisioningDownAndNothingElse() throws Exception {
    Figures f =
        new Figures(
            "3-slow-api-server",
            "a slow API server (40 requests at ≤ 5 requests/s)",
            "40 requests, sent at 5 per second to two instances; the API server answers every"
                + " call after 1 s, and answers 429 (Retry-After: 1) to calls beyond 8 per second.");
    scenario(
        f,
        () -> {
          ensureRunning(2);
          proxy.latency(Duration.ofSeconds(1));
          proxy.rateLimit(8);
          List<PortalProcess> two = alive().subList(0, 2);
          request(f, "slow", 40, i -> two.get(i % 2), null, Duration.ofMillis(200));
          Duration converged = awaitFinal("slow", Duration.ofMinutes(4));
          proxy.latency(Duration.ZERO);
          proxy.rateLimit(0);
          f.put("request → READY (median, max)", readyTimes("slow"));
          verdict(f, "slow", "READY", 40, converged);
        });
  }

  @Test
  @Order(4)
  void anApiServerRefusingConnectionsForAMinuteMidProvisioning() throws Exception {
    Figures f =
        new Figures(
            "4-api-server-refusing-provisioning",
            "API server refusing connections for 60 s mid-provisioning",
            "20 requests to two instances; the API server answers each call after 100 ms. Once 5"
                + " namespaces have been begun, nothing listens on its address for 60 s (connections"
                + " refused, open ones cut); then it answers again.");
    scenario(
        f,
        () -> {
          ensureRunning(2);
          proxy.latency(Duration.ofMillis(100));
          List<PortalProcess> two = alive().subList(0, 2);
          request(f, "refuse", 20, i -> two.get(i % 2), null, Duration.ZERO);
          awaitUntil(Duration.ofSeconds(60), () -> namespacesBegun("refuse") >= 5);
          f.put("statuses when the outage began", statuses("refuse"));
          proxy.mode(Mode.REFUSE);
          Thread.sleep(60_000);
          f.put("statuses when the outage ended", statuses("refuse"));
          proxy.mode(Mode.PASS);
          proxy.latency(Duration.ZERO);
          Instant back = Instant.now();
          Duration converged = awaitFinal("refuse", Duration.ofMinutes(3));
          f.put(
              "outage end → every environment final",
              seconds(Duration.between(back, Instant.now())));
          verdict(f, "refuse", "READY", 20, converged);
        });
  }

  @Test
  @Order(5)
  void anApiServerRefusingConnectionsDuringDeletionsAndExpiry() throws Exception {
    Figures f =
        new Figures(
            "5-api-server-refusing-deletion-expiry",
            "API server refusing connections for 60 s during deletions and expiry",
            "20 READY environments: 10 deleted through the API, 10 with a 45 s time to live. Just"
                + " after the deletions are sent, and before the 10 expire, nothing listens on the"
                + " API server's address for 60 s; then it answers again. All 20 must end DELETED"
                + " with nothing left.");
    scenario(
        f,
        () -> {
          ensureRunning(2);
          List<PortalProcess> two = alive().subList(0, 2);
          List<String> gone = request(f, "gone", 10, i -> two.get(i % 2), null, Duration.ZERO);
          request(f, "lapse", 10, i -> two.get(i % 2), "PT45S", Duration.ZERO);
          awaitUntil(
              Duration.ofSeconds(60),
              () ->
                  statuses("gone").getOrDefault("READY", 0) == 10
                      && statuses("lapse").getOrDefault("READY", 0) == 10);
          proxy.latency(Duration.ofMillis(100));
          for (int i = 0; i < gone.size(); i++) {
            Api.Response deleted =
                two.get(i % 2).api("developer").delete("/api/v1/environments/" + gone.get(i));
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(202);
          }
          Thread.sleep(500);
          Instant firstExpiry = firstExpiry("lapse");
          f.put(
              "outage begins before the first expiry by",
              seconds(Duration.between(Instant.now(), firstExpiry)));
          proxy.mode(Mode.REFUSE);
          Thread.sleep(60_000);
          Map<String, Integer> atEnd = new TreeMap<>(statuses("gone"));
          statuses("lapse").forEach((k, v) -> atEnd.merge(k, v, Integer::sum));
          f.put("statuses when the outage ended", atEnd);
          proxy.mode(Mode.PASS);
          proxy.latency(Duration.ZERO);
          Instant back = Instant.now();
          Duration converged =
              awaitFinal("gone", Duration.ofMinutes(4))
                  .plus(awaitFinal("lapse", Duration.ofMinutes(1)));
          f.put(
              "outage end → every environment final",
              seconds(Duration.between(back, Instant.now())));
          verdict(f, "gone", "DELETED", 10, converged);
          verdict(f, "lapse", "DELETED", 10, converged);
        });
  }

  @Test
  @Order(6)
  void aDatabaseRestartWithRequestsInFlight() throws Exception {
    Figures f =
        new Figures(
            "6-database-restart",
            "database restart with requests in flight",
            "20 requests to two instances; the API server answers each call after 150 ms. Once 5"
                + " namespaces have been begun, PostgreSQL is stopped (fast shutdown: connections cut)"
                + " and started again on the same port and data.");
    scenario(
        f,
        () -> {
          ensureRunning(2);
          proxy.latency(Duration.ofMillis(150));
          List<PortalProcess> two = alive().subList(0, 2);
          request(f, "restart", 20, i -> two.get(i % 2), null, Duration.ZERO);
          awaitUntil(Duration.ofSeconds(60), () -> namespacesBegun("restart") >= 5);
          f.put("statuses when stopped", statuses("restart"));
          long down = System.nanoTime();
          database.stop();
          database.start();
          f.put("database down for", seconds(Duration.ofNanos(System.nanoTime() - down)));
          Duration converged = awaitFinal("restart", Duration.ofMinutes(3));
          proxy.latency(Duration.ZERO);
          f.put("instances ready again", readyAgain(two));
          verdict(f, "restart", "READY", 20, converged);
        });
  }

  @Test
  @Order(7)
  void aDatabaseOutageOf45SecondsWithRequestsInFlight() throws Exception {
    Figures f =
        new Figures(
            "7-database-outage",
            "45 s database outage with requests in flight",
            "20 requests to two instances; the API server answers each call after 150 ms. Once 5"
                + " namespaces have been begun, PostgreSQL is stopped for 45 s. 5 s into the outage"
                + " a client requests an environment and reads the list; they must be answered 503"
                + " within 5 s. After the outage a new request must be accepted and become READY.");
    scenario(
        f,
        () -> {
          ensureRunning(2);
          proxy.latency(Duration.ofMillis(150));
          List<PortalProcess> two = alive().subList(0, 2);
          request(f, "outage", 20, i -> two.get(i % 2), null, Duration.ZERO);
          awaitUntil(Duration.ofSeconds(60), () -> namespacesBegun("outage") >= 5);
          f.put("statuses when stopped", statuses("outage"));
          database.stop();
          long down = System.nanoTime();
          Thread.sleep(5_000);
          PortalProcess asked = two.getFirst();
          CompletableFuture<Probe> post =
              CompletableFuture.supplyAsync(
                  () ->
                      probe(
                          asked,
                          "POST",
                          "/api/v1/environments",
                          "{\"template\":\"reliable\",\"name\":\"probe-outage\"}"));
          CompletableFuture<Probe> list =
              CompletableFuture.supplyAsync(
                  () -> probe(asked, "GET", "/api/v1/environments", null));
          CompletableFuture<Probe> health =
              CompletableFuture.supplyAsync(
                  () -> probe(asked, "GET", "/actuator/health/readiness", null));
          long left = Duration.ofSeconds(45).toNanos() - (System.nanoTime() - down);
          Thread.sleep(Math.max(0, left / 1_000_000));
          database.start();
          f.put("database down for", seconds(Duration.ofNanos(System.nanoTime() - down)));
          Probe posted = post.join();
          Probe listed = list.join();
          f.put("request during the outage", posted);
          f.put("list during the outage", listed);
          f.put("readiness during the outage", health.join());
          if (posted.status != 503 || posted.seconds > 5) {
            f.broken("a request during the outage was answered " + posted + ", not 503 within 5 s");
          }
          if (listed.status != 503 || listed.seconds > 5) {
            f.broken("a read during the outage was answered " + listed + ", not 503 within 5 s");
          }
          Duration converged = awaitFinal("outage", Duration.ofMinutes(3));
          proxy.latency(Duration.ZERO);
          f.put("instances ready again", readyAgain(two));
          Api.Response after =
              asked
                  .api("developer")
                  .post(
                      "/api/v1/environments",
                      "{\"template\":\"reliable\",\"name\":\"after-outage\"}");
          f.put("request after the outage", after.status());
          if (after.status() != 202) {
            f.broken(
                "a request after the outage was answered " + after.status() + ": " + after.body());
          } else {
            awaitFinal("after", Duration.ofSeconds(60));
            verdict(f, "after", "READY", 1, Duration.ZERO);
          }
          verdict(f, "outage", "READY", 20, converged);
        });
  }

  @Test
  @Order(8)
  void anApiServerAnswering503AndThenNotAtAllMidProvisioning() throws Exception {
    Figures f =
        new Figures(
            "8-api-server-503-black-hole",
            "API server answering 503 for 20 s, then a black hole for 20 s, mid-provisioning",
            "20 requests to two instances; the API server answers each call after 100 ms. Once 5"
                + " namespaces have been begun, every call is answered 503 for 20 s; then"
                + " connections are accepted and never answered for 20 s; then it answers again.");
    scenario(
        f,
        () -> {
          ensureRunning(2);
          proxy.latency(Duration.ofMillis(100));
          List<PortalProcess> two = alive().subList(0, 2);
          request(f, "flaky", 20, i -> two.get(i % 2), null, Duration.ZERO);
          awaitUntil(Duration.ofSeconds(60), () -> namespacesBegun("flaky") >= 5);
          f.put("statuses when the 503s began", statuses("flaky"));
          proxy.mode(Mode.UNAVAILABLE);
          Thread.sleep(20_000);
          f.put("statuses when the black hole began", statuses("flaky"));
          proxy.mode(Mode.BLACK_HOLE);
          Thread.sleep(20_000);
          f.put("statuses when the API server answered again", statuses("flaky"));
          proxy.mode(Mode.PASS);
          proxy.latency(Duration.ZERO);
          Instant back = Instant.now();
          Duration converged = awaitFinal("flaky", Duration.ofMinutes(3));
          f.put(
              "fault end → every environment final",
              seconds(Duration.between(back, Instant.now())));
          verdict(f, "flaky", "READY", 20, converged);
        });
  }

  // ---------------------------------------------------------------- the promises, checked

  /**
   * The promises, at the end of a scenario, for the environments named {@code prefix-…}: how many
   * ended {@code expected}; each READY one holds exactly {@link #EXPECTED}; none FAILED or DELETED
   * left anything; no orphan anywhere; no task left; each READY once; no namespace written by two
   * instances at overlapping times.
   */
  static void verdict(Figures f, String prefix, String expected, int count, Duration converged)
      throws SQLException {
    String p = prefix + ": ";
    List<Map<String, Object>> rows =
        database.query(
            "select id::text as id, name, namespace, status, status_reason from environment"
                + " where name like '"
                + prefix
                + "-%' order by name");
    Map<String, Integer> byStatus = new TreeMap<>();
    rows.forEach(r -> byStatus.merge((String) r.get("status"), 1, Integer::sum));
    f.put(p + "final statuses", byStatus);
    int matching = byStatus.getOrDefault(expected, 0);
    if (matching != count) {
      List<String> others =
          rows.stream()
              .filter(r -> !expected.equals(r.get("status")))
              .limit(3)
              .map(r -> r.get("name") + " " + r.get("status") + " (" + r.get("status_reason") + ")")
              .toList();
      f.broken(
          p + count + " " + expected + " expected, " + matching + " were; for instance " + others);
    }

    ClusterContents.Snapshot snapshot = cluster.snapshot();
    Map<String, TreeSet<String>> byNamespace = snapshot.byNamespace();
    int exact = 0;
    List<String> wrong = new ArrayList<>();
    List<String> leftovers = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      String namespace = (String) r.get("namespace");
      Set<String> held = byNamespace.getOrDefault(namespace, new TreeSet<>());
      if ("READY".equals(r.get("status"))) {
        if (held.equals(EXPECTED)) {
          exact++;
        } else {
          wrong.add(namespace + " holds " + held);
        }
      } else {
        String id = (String) r.get("id");
        List<String> left =
            snapshot.objects().stream()
                .filter(o -> o.namespace().equals(namespace) || o.environment().equals(id))
                .map(ClusterContents.StoredObject::describe)
                .collect(Collectors.toCollection(ArrayList::new));
        if (snapshot.namespaces().containsKey(namespace)) {
          left.add("Namespace " + namespace);
        }
        if (!left.isEmpty()) {
          leftovers.add(r.get("name") + " " + r.get("status") + ": " + left);
        }
      }
    }
    f.put(
        p + "READY with exactly the template's objects",
        exact + " of " + byStatus.getOrDefault("READY", 0));
    f.put(p + "not READY, with something left in the cluster", leftovers.size());
    if (!wrong.isEmpty()) {
      f.broken(
          p
              + wrong.size()
              + " READY environments do not hold exactly "
              + EXPECTED
              + ": "
              + wrong.subList(0, Math.min(3, wrong.size())));
    }
    if (!leftovers.isEmpty()) {
      f.broken(
          p
              + leftovers.size()
              + " environments not READY left objects behind: "
              + leftovers.subList(0, Math.min(3, leftovers.size())));
    }

    List<Map<String, Object>> steps =
        database.query(
            "select e.name, count(*) filter (where t.to_status = 'READY') as ready,"
                + " count(*) filter (where t.reason like 'Creating namespace%') as attempts,"
                + " count(distinct t.instance) as instances"
                + " from environment e join environment_transition t on t.environment_id = e.id"
                + " where e.name like '"
                + prefix
                + "-%' group by e.name");
    long readyTwice = steps.stream().filter(s -> ((Number) s.get("ready")).longValue() > 1).count();
    long maxAttempts =
        steps.stream().mapToLong(s -> ((Number) s.get("attempts")).longValue()).max().orElse(0);
    long twoInstances =
        steps.stream().filter(s -> ((Number) s.get("instances")).longValue() > 1).count();
    f.put(p + "environments READY more than once", readyTwice);
    f.put(p + "most provisioning attempts of one environment", maxAttempts);
    f.put(p + "environments whose steps ran on more than one instance", twoInstances);
    if (readyTwice > 0) {
      f.broken(p + readyTwice + " environments became READY more than once");
    }

    // Exactly once at a time: writes to each namespace, by instance (each has its own proxy port).
    Map<String, Map<String, long[]>> writers = new HashMap<>();
    int conflicts = 0;
    int writes = 0;
    int calls = 0;
    Set<String> namespaces =
        rows.stream().map(r -> (String) r.get("namespace")).collect(Collectors.toSet());
    for (Exchange e : proxy.exchanges()) {
      if (!namespaces.contains(e.namespace())) {
        continue;
      }
      calls++;
      if (e.method().equals("POST") || e.method().equals("PUT") || e.method().equals("PATCH")) {
        writes++;
        conflicts += e.status() == 409 ? 1 : 0;
        long[] window =
            writers
                .computeIfAbsent(e.namespace(), n -> new HashMap<>())
                .computeIfAbsent(e.portal(), x -> new long[] {e.at(), e.at()});
        window[0] = Math.min(window[0], e.at());
        window[1] = Math.max(window[1], e.at());
      }
    }
    List<String> overlapping = new ArrayList<>();
    for (var entry : writers.entrySet()) {
      List<long[]> windows = new ArrayList<>(entry.getValue().values());
      for (int i = 0; i < windows.size(); i++) {
        for (int j = i + 1; j < windows.size(); j++) {
          if (windows.get(i)[0] < windows.get(j)[1] && windows.get(j)[0] < windows.get(i)[1]) {
            overlapping.add(entry.getKey() + " by " + entry.getValue().keySet());
          }
        }
      }
    }
    long writtenByTwo = writers.values().stream().filter(w -> w.size() > 1).count();
    f.put(p + "API calls for these environments (through the proxy)", calls);
    f.put(p + "writes (POST/PUT/PATCH), of which 409 Conflict", writes + ", " + conflicts);
    f.put(
        p + "namespaces written by two instances (at overlapping times)",
        writtenByTwo + " (" + overlapping.size() + ")");
    if (!overlapping.isEmpty()) {
      f.broken(
          p
              + "written by two instances at once: "
              + overlapping.subList(0, Math.min(3, overlapping.size())));
    }
    if (!converged.isZero()) {
      f.put(p + "waited for every environment to be final", seconds(converged));
    }
  }

  /**
   * The promises over the whole API server and task table, once per scenario: nothing that no live
   * environment accounts for, and no provisioning or deletion task left.
   */
  static void wholeCluster(Figures f) throws SQLException {
    List<String> orphans = orphans().describe();
    f.put("orphans on the API server (whole cluster)", orphans.size());
    if (!orphans.isEmpty()) {
      f.broken(
          orphans.size()
              + " orphans on the API server, e.g. "
              + orphans.subList(0, Math.min(5, orphans.size())));
    }
    long tasks =
        database.count(
            "select count(*) from scheduled_tasks where task_name in"
                + " ('provision-environment', 'delete-environment')");
    f.put("provisioning/deletion tasks left", tasks);
    if (tasks != 0) {
      f.broken(tasks + " provisioning or deletion tasks left in scheduled_tasks");
    }
    Map<String, Integer> faults = new TreeMap<>();
    for (Exchange e : proxy.exchanges()) {
      if (e.status() == 0 || e.status() == 429 || e.status() == 503) {
        faults.merge(
            e.status() == 0 ? "cut or unanswered" : String.valueOf(e.status()), 1, Integer::sum);
      }
    }
    f.put(
        "API calls met by a fault (cut or unanswered, 429, 503; refused connections never reach the proxy)",
        faults.isEmpty() ? "none" : faults);
  }

  /** Namespaces and objects on the API server that no live environment accounts for. */
  record Orphans(List<String> namespaces, List<ClusterContents.StoredObject> objects) {

    int size() {
      return namespaces.size() + objects.size();
    }

    List<String> describe() {
      List<String> out = new ArrayList<>();
      namespaces.forEach(n -> out.add("Namespace " + n));
      objects.forEach(o -> out.add(o.describe()));
      return out;
    }
  }

  static Orphans orphans() throws SQLException {
    ClusterContents.Snapshot snapshot = cluster.snapshot();
    List<Map<String, Object>> live =
        database.query(
            "select id::text as id, namespace from environment"
                + " where status in ('REQUESTED', 'PROVISIONING', 'READY', 'DELETING')");
    Set<String> liveIds = new HashSet<>();
    Set<String> liveNamespaces = new HashSet<>();
    live.forEach(
        r -> {
          liveIds.add((String) r.get("id"));
          liveNamespaces.add((String) r.get("namespace"));
        });
    List<String> namespaces =
        snapshot.namespaces().keySet().stream().filter(n -> !liveNamespaces.contains(n)).toList();
    List<ClusterContents.StoredObject> objects =
        snapshot.objects().stream()
            .filter(
                o ->
                    !liveNamespaces.contains(o.namespace())
                        || !(o.environment().isEmpty() || liveIds.contains(o.environment())))
            .toList();
    return new Orphans(namespaces, objects);
  }

  /**
   * Removes what earlier scenarios left orphaned (their figures said so), so each scenario's count
   * is its own.
   */
  static int removeOrphans() throws SQLException {
    Orphans orphans = orphans();
    cluster.remove(orphans.objects(), orphans.namespaces());
    return orphans.size();
  }

  // ---------------------------------------------------------------- the set-up

  /** Runs a scenario, writes its figures whatever happens, and fails when a promise broke. */
  static void scenario(Figures f, Step body) throws Exception {
    proxy.forget();
    proxy.mode(Mode.PASS);
    int earlier = removeOrphans();
    if (earlier > 0) {
      f.put("orphans of earlier scenarios, removed first", earlier);
    }
    try {
      body.run();
      wholeCluster(f);
    } catch (Throwable t) {
      f.broken("the scenario stopped: " + t);
      throw t;
    } finally {
      proxy.mode(Mode.PASS);
      proxy.latency(Duration.ZERO);
      proxy.rateLimit(0);
      if (!database.running()) {
        database.start();
      }
      done.add(f);
      f.write(OUT);
    }
    assertThat(f.broken()).as(f.markdown()).isEmpty();
  }

  interface Step {
    void run() throws Exception;
  }

  static Path portalJar() throws IOException {
    String configured = System.getProperty("reliability.jar");
    if (configured != null) {
      return Path.of(configured);
    }
    try (Stream<Path> built = Files.list(Path.of("target"))) {
      return built
          .filter(p -> p.getFileName().toString().matches("portal-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("build the jar first: ./mvnw package"));
    }
  }

  static List<PortalProcess> alive() {
    return portals.stream().filter(PortalProcess::alive).toList();
  }

  /** Starts instances (at once) until {@code n} run. */
  static void ensureRunning(int n) throws Exception {
    List<PortalProcess> starting = new ArrayList<>();
    while (alive().size() + starting.size() < n) {
      starting.add(startPortal());
    }
    for (PortalProcess p : starting) {
      p.awaitReady(Duration.ofMinutes(2));
    }
  }

  static PortalProcess startPortal() throws IOException {
    String name = "portal-" + (portals.size() + 1);
    int port = proxy.listen(name);
    Path kubeconfig = OUT.resolve(name + ".kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: test, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: test, user: {token: test}}]
        contexts: [{name: test, context: {cluster: test, user: test}}]
        current-context: test
        """
            .formatted(port));
    PortalProcess portal =
        PortalProcess.start(
            name,
            jar,
            OUT.resolve(name + ".log"),
            List.of(
                "--spring.profiles.active=dev",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--slipway.cluster.mode=kubernetes",
                "--slipway.cluster.kubeconfig=" + kubeconfig.toAbsolutePath(),
                "--slipway.cluster.apply=create-or-update",
                "--slipway.provisioning.generator-key=" + KEY,
                "--slipway.provisioning.readiness.poll=PT1S",
                "--slipway.provisioning.expiry.interval=PT5S",
                "--slipway.provisioning.limits.per-user=0",
                "--slipway.provisioning.limits.per-team=0",
                "--logging.level.io.fabric8=WARN"));
    portals.add(portal);
    return portal;
  }

  interface Pick {
    PortalProcess of(int i);
  }

  /** Requests {@code n} environments named {@code prefix-NN}, {@code pace} apart; their ids. */
  static List<String> request(Figures f, String prefix, int n, Pick to, String ttl, Duration pace)
      throws Exception {
    List<CompletableFuture<String>> sent = new ArrayList<>();
    long start = System.nanoTime();
    try (ExecutorService clients = Executors.newFixedThreadPool(pace.isZero() ? 8 : 2)) {
      for (int i = 0; i < n; i++) {
        PortalProcess portal = to.of(i);
        String body =
            "{\"template\":\"reliable\",\"name\":\"%s-%02d\"%s}"
                .formatted(prefix, i, ttl == null ? "" : ",\"ttl\":\"" + ttl + "\"");
        sent.add(
            CompletableFuture.supplyAsync(
                () -> {
                  Api.Response r = portal.api("developer").post("/api/v1/environments", body);
                  assertThat(r.status()).as(r.body()).isEqualTo(202);
                  return r.json().path("id").asString();
                },
                clients));
        if (!pace.isZero()) {
          Thread.sleep(pace);
        }
      }
      List<String> ids = sent.stream().map(CompletableFuture::join).toList();
      double took = (System.nanoTime() - start) / 1e9;
      f.put(
          prefix + ": requests accepted (202)",
          String.format(Locale.ROOT, "%d in %.1f s (%.1f/s)", ids.size(), took, ids.size() / took));
      return ids;
    }
  }

  /** Namespaces of {@code prefix-…} environments the API server has been asked to write in. */
  static long namespacesBegun(String prefix) {
    return proxy.exchanges().stream()
        .filter(e -> e.namespace().startsWith("env-" + prefix + "-"))
        .map(Exchange::namespace)
        .distinct()
        .count();
  }

  static Map<String, Integer> statuses(String prefix) {
    try {
      Map<String, Integer> out = new TreeMap<>();
      database
          .query("select status from environment where name like '" + prefix + "-%'")
          .forEach(r -> out.merge((String) r.get("status"), 1, Integer::sum));
      return out;
    } catch (SQLException e) {
      return Map.of("database unreachable", 0);
    }
  }

  /** Waits until every {@code prefix-…} environment is in a final status; how long it took. */
  static Duration awaitFinal(String prefix, Duration limit) throws InterruptedException {
    long start = System.nanoTime();
    awaitUntil(
        limit,
        () -> {
          Map<String, Integer> now = statuses(prefix);
          return !now.isEmpty()
              && !now.containsKey("database unreachable")
              && FINAL.containsAll(now.keySet());
        });
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Polls until the condition holds or the limit passes (then the verdict says what is wrong). */
  static void awaitUntil(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // the database or the API server may be away; look again
      }
      Thread.sleep(500);
    }
  }

  /**
   * The take-over: of the environments the killed instance was provisioning (and had not made
   * READY), how many the survivor moved on afterwards, and when its first and last such step came
   * after the kill.
   */
  static String takeover(String prefix, String dead, String survivor, Instant killed)
      throws SQLException {
    List<Map<String, Object>> rows =
        database.query(
            ("select count(*) as n, min(at) as first, max(at) as last from ("
                    + " select e.id, min(s.at) as at from environment e"
                    + " left join environment_transition s on s.environment_id = e.id"
                    + "   and s.instance = '%3$s' and s.at > timestamptz '%4$s'"
                    + " where e.name like '%1$s-%%'"
                    + " and exists (select 1 from environment_transition d where d.environment_id"
                    + "   = e.id and d.instance = '%2$s' and d.to_status = 'PROVISIONING')"
                    + " and not exists (select 1 from environment_transition r where"
                    + "   r.environment_id = e.id and r.instance = '%2$s' and r.to_status = 'READY')"
                    + " group by e.id) firsts")
                .formatted(prefix, dead, survivor, killed));
    Map<String, Object> r = rows.getFirst();
    if (((Number) r.get("n")).longValue() == 0) {
      return "the killed instance was provisioning none";
    }
    long resumed =
        database.count(
            ("select count(*) from (select e.id from environment e join environment_transition s"
                    + " on s.environment_id = e.id and s.instance = '%3$s'"
                    + " and s.at > timestamptz '%4$s' where e.name like '%1$s-%%'"
                    + " and exists (select 1 from environment_transition d where d.environment_id"
                    + "   = e.id and d.instance = '%2$s' and d.to_status = 'PROVISIONING')"
                    + " and not exists (select 1 from environment_transition x where"
                    + "   x.environment_id = e.id and x.instance = '%2$s' and x.to_status = 'READY')"
                    + " group by e.id) resumed")
                .formatted(prefix, dead, survivor, killed));
    return resumed
        + " of "
        + r.get("n")
        + " resumed; first step "
        + (r.get("first") == null
            ? "none"
            : seconds(Duration.between(killed, ((Timestamp) r.get("first")).toInstant())))
        + ", last "
        + (r.get("last") == null
            ? "none"
            : seconds(Duration.between(killed, ((Timestamp) r.get("last")).toInstant())))
        + " after the kill";
  }

  static String readyTimes(String prefix) throws SQLException {
    List<Map<String, Object>> rows =
        database.query(
            "select extract(epoch from (t.at - e.requested_at)) as s"
                + " from environment e join environment_transition t on t.environment_id = e.id"
                + " where e.name like '"
                + prefix
                + "-%' and t.to_status = 'READY' order by s");
    if (rows.isEmpty()) {
      return "none READY";
    }
    double median = ((Number) rows.get(rows.size() / 2).get("s")).doubleValue();
    double max = ((Number) rows.getLast().get("s")).doubleValue();
    return String.format(Locale.ROOT, "%.1f s, %.1f s", median, max);
  }

  static Instant firstExpiry(String prefix) throws SQLException {
    Object first =
        database
            .query(
                "select min(expires_at) as first from environment where name like '"
                    + prefix
                    + "-%'")
            .getFirst()
            .get("first");
    return ((Timestamp) first).toInstant();
  }

  static String readyAgain(List<PortalProcess> instances) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (PortalProcess p : instances) {
      Probe health = probe(p, "GET", "/actuator/health/readiness", null);
      out.add(p.name + ": " + health.status);
    }
    return String.join(", ", out);
  }

  /** An answer and how long it took; status 0 when none came within 60 s. */
  record Probe(int status, double seconds) {
    @Override
    public String toString() {
      return (status == 0 ? "no answer" : String.valueOf(status))
          + String.format(Locale.ROOT, " after %.1f s", seconds);
    }
  }

  static final HttpClient PROBES =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static Probe probe(PortalProcess portal, String method, String path, String json) {
    long start = System.nanoTime();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portal.port + path))
            .timeout(Duration.ofSeconds(60))
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("developer:developer".getBytes()));
    if (json != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    int status;
    try {
      status = PROBES.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      status = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 0;
    }
    return new Probe(status, (System.nanoTime() - start) / 1e9);
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
