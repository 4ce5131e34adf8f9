package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.cluster.internal.ClusterConnection;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Not part of the test run (its name matches neither *Test nor *IT). Run it with the command in
 * docs/benchmarks.md; it writes target/benchmark.md.
 *
 * <p>The portal against a raw fabric8 loop, the ceiling, on the same in-process API server:
 *
 * <ul>
 *   <li>Both make the same objects. One environment is provisioned through the API first, and
 *       everything in its namespace (and the namespace) is read back from the API server; the raw
 *       loop creates copies of exactly those objects (kinds, shapes, labels), so it makes the
 *       portal's own objects (guards, monitoring) as well as the template's. Both count every
 *       object they create, the namespace included.
 *   <li>Both run at the same concurrency: the raw loop on as many threads as the portal has task
 *       threads ({@code db-scheduler.threads}).
 *   <li>Rounds come in pairs, raw and portal, one right after the other, and which goes first
 *       alternates from pair to pair, so drift (the machine is shared, the JIT warms up) falls on
 *       both sides alike; the ratio is taken within each pair, and the median of the ratios is the
 *       result. One warm-up pair runs first and is not reported.
 *   <li>The API server's store is emptied before each round: its lookups scan the whole store, so
 *       otherwise each round would pay for the objects of every round before it.
 * </ul>
 *
 * <p>Portal rounds: the environments are requested at once through the REST API (16 client
 * threads); the round runs from the first request to the last READY transition the portal records
 * (the portal's clock is the system clock), so the benchmark does not poll the API while the portal
 * works. With {@code -Dbench.profile=true} the task threads are sampled during portal rounds: where
 * they spend their time.
 */
@PortalTest
class ProvisioningBenchmark {

  static final int ENVIRONMENTS = Integer.getInteger("bench.environments", 100);
  static final int PAIRS = Integer.getInteger("bench.pairs", 7);
  static final int WARMUP = Integer.getInteger("bench.warmup", 2);
  static final boolean PROFILE = Boolean.getBoolean("bench.profile");
  static final int CLIENTS = 16;
  static final String TEMPLATE = "bench-ten";

  @LocalServerPort int port;
  @Autowired ClusterConnection cluster;
  @Autowired JdbcClient jdbc;

  @Value("${db-scheduler.threads}")
  int taskThreads;

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
        metadata: {name: %s}
        objects:
        """
            .formatted(TEMPLATE)
        + objects;
  }

  @Test
  void portalAgainstTheRawLoopInInterleavedPairs() throws Exception {
    assertThat(cluster.sandbox()).as("the benchmark runs against the sandbox").isNotNull();
    Api sre = Api.basic(port, "sre", "sre");
    assertThat(sre.post("/api/v1/templates?publish=true", tenObjects()).status()).isEqualTo(201);
    Inventory inventory = inventory(sre);
    Sampler sampler = new Sampler();

    for (int w = 0; w < WARMUP; w++) {
      run(sre, inventory, "w" + w, w % 2 == 0, null);
    }
    List<Pair> pairs = new ArrayList<>();
    for (int p = 0; p < PAIRS; p++) {
      boolean rawFirst = p % 2 == 0;
      pairs.add(run(sre, inventory, "p" + p, rawFirst, PROFILE ? sampler : null));
    }
    String report = report(inventory, pairs, PROFILE ? sampler : null);
    Files.writeString(Path.of("target/benchmark.md"), report);
    System.out.println(report);
    assertThat(pairs).allSatisfy(p -> assertThat(p.portal().objectsPerSecond()).isPositive());
  }

  private Pair run(Api api, Inventory inventory, String round, boolean rawFirst, Sampler sampler)
      throws Exception {
    Round raw;
    PortalRound portal;
    if (rawFirst) {
      raw = rawRound(inventory, round);
      portal = portalRound(api, inventory, round, sampler);
    } else {
      portal = portalRound(api, inventory, round, sampler);
      raw = rawRound(inventory, round);
    }
    return new Pair(rawFirst, raw, portal);
  }

  // --- what one environment makes -----------------------------------------------------------

  /**
   * What the portal makes for one environment, read back from the API server: the namespace and
   * every object in it, as the raw loop will create them again.
   *
   * @param namespaceLabels the namespace's labels
   * @param objects each object as stored, without what the server adds (uid, version, time, status)
   */
  record Inventory(Map<String, String> namespaceLabels, List<Map<String, Object>> objects) {

    /** Objects per environment, the namespace included. */
    int perEnvironment() {
      return objects.size() + 1;
    }

    String kinds() {
      Map<String, Integer> counts = new TreeMap<>();
      objects.forEach(o -> counts.merge(String.valueOf(o.get("kind")), 1, Integer::sum));
      StringBuilder out = new StringBuilder("Namespace × 1");
      counts.forEach((kind, n) -> out.append(", ").append(kind).append(" × ").append(n));
      return out.toString();
    }
  }

  private Inventory inventory(Api api) {
    String id = api.ready(TEMPLATE, "bench-probe");
    JsonNode environment = api.get("/api/v1/environments/" + id).json();
    String namespace = environment.path("namespace").asString();
    KubernetesClient client = cluster.client();

    // Every object the portal recorded, as the API server holds it.
    List<Map<String, Object>> objects = new ArrayList<>();
    Set<Class<? extends HasMetadata>> kinds = new LinkedHashSet<>();
    for (JsonNode recorded : environment.path("objects")) {
      Class<? extends HasMetadata> type =
          typeOf(recorded.path("apiVersion").asString(), recorded.path("kind").asString());
      kinds.add(type);
      HasMetadata stored =
          client
              .resources(type)
              .inNamespace(namespace)
              .withName(recorded.path("name").asString())
              .get();
      assertThat(stored).as("%s in %s", recorded, namespace).isNotNull();
      objects.add(asCreated(stored));
    }
    // Nothing else in the namespace: list every kind the portal makes and the common ones.
    for (String kind :
        List.of(
            "ConfigMap", "Secret", "ServiceAccount", "Service", "ResourceQuota", "LimitRange")) {
      kinds.add(typeOf("v1", kind));
    }
    int listed = 0;
    for (Class<? extends HasMetadata> type : kinds) {
      listed += client.resources(type).inNamespace(namespace).list().getItems().size();
    }
    assertThat(listed)
        .as("objects in %s: the ones the portal recorded and no others", namespace)
        .isEqualTo(objects.size());
    Namespace made = client.namespaces().withName(namespace).get();
    assertThat(made).isNotNull();
    return new Inventory(new LinkedHashMap<>(made.getMetadata().getLabels()), List.copyOf(objects));
  }

  /** The object as a client would send it: the server's own fields left out. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> asCreated(HasMetadata stored) {
    Map<String, Object> object =
        new LinkedHashMap<>(
            cluster.client().getKubernetesSerialization().convertValue(stored, Map.class));
    object.remove("status");
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    Map<String, Object> kept = new LinkedHashMap<>();
    for (String field : List.of("name", "labels", "annotations")) {
      if (metadata.containsKey(field)) {
        kept.put(field, metadata.get(field));
      }
    }
    object.put("metadata", kept);
    return object;
  }

  /** The model class fabric8 has for the kind, as the portal's gateway finds it. */
  private Class<? extends HasMetadata> typeOf(String apiVersion, String kind) {
    return resource(Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of()))
        .getClass();
  }

  /** A manifest as a typed object, the way the portal's gateway turns one (JSON, then model). */
  private HasMetadata resource(Map<String, Object> manifest) {
    var serialization = cluster.client().getKubernetesSerialization();
    return serialization.unmarshal(
        serialization.asJson(new HashMap<>(manifest)), HasMetadata.class);
  }

  // --- the rounds ---------------------------------------------------------------------------

  /** One round's outcome: objects created and the time from start to the last one. */
  /**
   * @param cpu the benchmark's JVM (the portal, the API server and the clients share it)
   * @param databaseCpu the embedded PostgreSQL's processes
   */
  record Round(
      int objects, Duration took, Duration cpu, Duration databaseCpu, Map<String, Long> byThreads) {
    double objectsPerSecond() {
      return objects / (took.toNanos() / 1e9);
    }

    double cpuMillisPerObject() {
      return cpu.toNanos() / 1e6 / objects;
    }

    double databaseCpuMillisPerObject() {
      return databaseCpu.toNanos() / 1e6 / objects;
    }

    /** CPU per object of one group of the JVM's threads ({@link #threadCpu}), in ms. */
    double cpuMillisPerObject(String group) {
      return byThreads.getOrDefault(group, 0L) / 1e6 / objects;
    }
  }

  /**
   * @param answeredMillis from the first request sent to the last one answered
   */
  record PortalRound(Round round, double p50Millis, double p95Millis, double answeredMillis) {
    double objectsPerSecond() {
      return round.objectsPerSecond();
    }
  }

  record Pair(boolean rawFirst, Round raw, PortalRound portal) {
    double ratio() {
      return portal.objectsPerSecond() / raw.objectsPerSecond();
    }
  }

  /**
   * The raw loop: the same namespaces and objects created directly, on as many threads as the
   * portal has task threads, each thread taking the next environment.
   */
  private Round rawRound(Inventory inventory, String round) throws Exception {
    freshSandbox();
    KubernetesClient client = cluster.client();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger created = new AtomicInteger();
    long cpu = cpuNanos();
    long databaseCpu = databaseCpuNanos();
    Map<String, Long> threadCpu = threadCpu();
    long start = System.nanoTime();
    Duration took;
    Map<String, Long> byThreads;
    long cpuUsed;
    try (ExecutorService threads =
        Executors.newFixedThreadPool(
            taskThreads, Thread.ofPlatform().name("raw-loop-", 0).factory())) {
      List<CompletableFuture<Void>> done = new ArrayList<>();
      for (int t = 0; t < taskThreads; t++) {
        done.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int e = next.getAndIncrement();
                      e < ENVIRONMENTS;
                      e = next.getAndIncrement()) {
                    String namespace = "raw-" + round + "-" + e;
                    client
                        .resource(
                            new NamespaceBuilder()
                                .withNewMetadata()
                                .withName(namespace)
                                .withLabels(inventory.namespaceLabels())
                                .endMetadata()
                                .build())
                        .create();
                    created.incrementAndGet();
                    for (Map<String, Object> manifest : inventory.objects()) {
                      HasMetadata object = resource(manifest);
                      object.getMetadata().setNamespace(namespace);
                      client.resource(object).inNamespace(namespace).create();
                      created.incrementAndGet();
                    }
                  }
                },
                threads));
      }
      for (CompletableFuture<Void> d : done) {
        d.get();
      }
      took = Duration.ofNanos(System.nanoTime() - start);
      // Before the loop's threads end, so that their CPU is counted as theirs.
      cpuUsed = cpuNanos() - cpu;
      byThreads = since(threadCpu, cpuUsed);
    }
    System.out.printf(
        "bench round %s raw %s %s%n", round, Instant.now().minus(took), Instant.now());
    assertThat(created.get()).isEqualTo(ENVIRONMENTS * inventory.perEnvironment());
    return new Round(
        created.get(),
        took,
        Duration.ofNanos(cpuUsed),
        Duration.ofNanos(databaseCpuNanos() - databaseCpu),
        byThreads);
  }

  /**
   * The portal: every environment requested at once through the API, then waited for (a query every
   * 50 ms, not the API); the round ends at the last READY transition the portal recorded. Objects
   * are counted from what the portal recorded for each environment, plus its namespace.
   */
  private PortalRound portalRound(Api api, Inventory inventory, String round, Sampler sampler)
      throws Exception {
    freshSandbox();
    Map<UUID, Instant> requestedAt = new java.util.concurrent.ConcurrentHashMap<>();
    long cpu = cpuNanos();
    long databaseCpu = databaseCpuNanos();
    Map<String, Long> threadCpu = threadCpu();
    Instant start = Instant.now();
    Instant[] answered = {start};
    if (sampler != null) {
      sampler.start();
    }
    try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
      List<CompletableFuture<Void>> requests = new ArrayList<>();
      for (int i = 0; i < ENVIRONMENTS; i++) {
        String name = "bench-" + round + "-" + i;
        requests.add(
            CompletableFuture.runAsync(
                () -> {
                  Instant at = Instant.now();
                  Api.Response r =
                      api.post(
                          "/api/v1/environments",
                          "{\"template\": \"" + TEMPLATE + "\", \"name\": \"" + name + "\"}");
                  assertThat(r.status()).as(r.body()).isEqualTo(202);
                  requestedAt.put(UUID.fromString(r.json().path("id").asString()), at);
                  synchronized (answered) {
                    Instant now = Instant.now();
                    answered[0] = now.isAfter(answered[0]) ? now : answered[0];
                  }
                },
                clients));
      }
      for (CompletableFuture<Void> r : requests) {
        r.get();
      }
    }
    String[] ids = requestedAt.keySet().stream().map(UUID::toString).toArray(String[]::new);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (true) {
      Map<String, Long> statuses = new HashMap<>();
      jdbc.sql("select status, count(*) from environment where id = any(?::uuid[]) group by status")
          .param(ids)
          .query((rs, n) -> statuses.put(rs.getString(1), rs.getLong(2)))
          .list();
      assertThat(statuses).doesNotContainKey("FAILED");
      if (statuses.getOrDefault("READY", 0L) == ids.length) {
        break;
      }
      assertThat(System.nanoTime()).as("all READY within 5 minutes").isLessThan(deadline);
      Thread.sleep(50);
    }
    if (sampler != null) {
      sampler.stop();
    }
    Duration cpuUsed = Duration.ofNanos(cpuNanos() - cpu);
    Map<String, Long> byThreads = since(threadCpu, cpuUsed.toNanos());
    Duration databaseCpuUsed = Duration.ofNanos(databaseCpuNanos() - databaseCpu);
    Map<UUID, Instant> readyAt = new HashMap<>();
    jdbc.sql(
            "select environment_id, min(at) from environment_transition"
                + " where environment_id = any(?::uuid[]) and to_status = 'READY' group by environment_id")
        .param(ids)
        .query(
            (rs, n) ->
                readyAt.put(
                    rs.getObject(1, UUID.class),
                    rs.getObject(2, java.time.OffsetDateTime.class).toInstant()))
        .list();
    int objects =
        jdbc.sql("select count(*) from environment_object where environment_id = any(?::uuid[])")
                .param(ids)
                .query(Integer.class)
                .single()
            + ids.length;
    assertThat(objects).isEqualTo(ENVIRONMENTS * inventory.perEnvironment());
    List<Double> latencies = new ArrayList<>();
    Instant last = start;
    for (UUID id : requestedAt.keySet()) {
      Instant ready = readyAt.get(id);
      latencies.add(Duration.between(requestedAt.get(id), ready).toNanos() / 1e6);
      last = ready.isAfter(last) ? ready : last;
    }
    // The database keeps microseconds: round the start the same way.
    Duration took = Duration.between(start.truncatedTo(ChronoUnit.MICROS), last);
    System.out.printf("bench round %s portal %s %s%n", round, start, last);
    return new PortalRound(
        new Round(objects, took, cpuUsed, databaseCpuUsed, byThreads),
        percentile(latencies, 50),
        percentile(latencies, 95),
        Duration.between(start, answered[0]).toNanos() / 1e6);
  }

  /** An empty API server store, so no round pays for the objects of the rounds before it. */
  private void freshSandbox() {
    cluster.sandbox().server().reset();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Groups of the JVM's threads by what they run here, by name prefix (the first that matches); the
   * rest of the process's CPU is "other".
   */
  static final Map<String, String> THREAD_GROUPS = new LinkedHashMap<>();

  static {
    THREAD_GROUPS.put("db-scheduler-pool", "portal task threads");
    THREAD_GROUPS.put("db-scheduler", "portal scheduler (polling, heartbeats)");
    THREAD_GROUPS.put("ForkJoinPool-", "virtual-thread carriers (portal HTTP requests)");
    THREAD_GROUPS.put("http-nio", "Tomcat connector");
    THREAD_GROUPS.put("vert.x-eventloop", "vert.x event loops (API server, fabric8 client I/O)");
    THREAD_GROUPS.put("HttpClient-", "benchmark's HTTP client (JDK)");
    THREAD_GROUPS.put("raw-loop-", "raw loop threads");
  }

  static final String OTHER_THREADS =
      "other (GC, JIT, WireMock, the benchmark's request threads, logging)";

  /** CPU time of the live platform threads so far, summed by {@link #THREAD_GROUPS}. */
  private static Map<String, Long> threadCpu() {
    var threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> groups = new LinkedHashMap<>();
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      for (Map.Entry<String, String> group : THREAD_GROUPS.entrySet()) {
        if (info.getThreadName().startsWith(group.getKey())) {
          long cpu = threads.getThreadCpuTime(info.getThreadId());
          groups.merge(group.getValue(), Math.max(cpu, 0), Long::sum);
          break;
        }
      }
    }
    return groups;
  }

  /**
   * CPU by group since {@code before}; what the groups do not account for of the process's total
   * (threads that ended with the round, GC, JIT, the benchmark's own) is "other".
   */
  private static Map<String, Long> since(Map<String, Long> before, long total) {
    Map<String, Long> now = threadCpu();
    Map<String, Long> used = new LinkedHashMap<>();
    long known = 0;
    for (String group : new LinkedHashSet<>(THREAD_GROUPS.values())) {
      long cpu = now.getOrDefault(group, 0L) - before.getOrDefault(group, 0L);
      used.put(group, cpu);
      known += cpu;
    }
    used.put(OTHER_THREADS, total - known);
    return used;
  }

  /**
   * CPU time of the embedded PostgreSQL: its server process and every process under it (backends,
   * and through the server's totals of ended children, backends that have ended), read from /proc
   * in clock ticks of 10 ms (Linux's USER_HZ on x86).
   */
  private long databaseCpuNanos() {
    long backend = jdbc.sql("select pg_backend_pid()").query(Long.class).single();
    long server = Long.parseLong(stat(backend)[4 - 3]);
    long ticks = 0;
    for (long pid :
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(server),
                ProcessHandle.of(server).stream()
                    .flatMap(ProcessHandle::descendants)
                    .map(ProcessHandle::pid))
            .toList()) {
      String[] fields = stat(pid);
      // utime, stime, cutime, cstime: fields 14 to 17.
      for (int field = 14; field <= 17 && fields.length > 14; field++) {
        ticks += Long.parseLong(fields[field - 3]);
      }
    }
    return ticks * 10_000_000L;
  }

  /** The fields of /proc/PID/stat from the third (state) on; none for a process that ended. */
  private static String[] stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (java.io.IOException gone) {
      return new String[0];
    }
  }

  // --- where the task threads spend their time ----------------------------------------------

  /**
   * Samples the portal's task threads (db-scheduler's) every 20 ms: for each busy one, the
   * innermost Slipway frame and the innermost frame of all, counted. Cheap and coarse: where the
   * time goes, not why.
   */
  static final class Sampler {
    final Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger busy = new AtomicInteger();
    final AtomicInteger idle = new AtomicInteger();
    private volatile boolean running;
    private Thread thread;

    void start() {
      running = true;
      thread =
          Thread.ofPlatform()
              .daemon()
              .name("bench-sampler")
              .start(
                  () -> {
                    var threads = ManagementFactory.getThreadMXBean();
                    while (running) {
                      for (var info : threads.dumpAllThreads(false, false)) {
                        if (info.getThreadName().startsWith("db-scheduler")) {
                          record(info.getStackTrace(), info.getThreadState());
                        }
                      }
                      try {
                        Thread.sleep(20);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    private void record(StackTraceElement[] stack, Thread.State state) {
      String slipway = null;
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().startsWith("dev.slipway.")) {
          slipway = frame.getClassName().replace("dev.slipway.", "") + "." + frame.getMethodName();
          break;
        }
      }
      if (slipway == null) {
        idle.incrementAndGet();
        return;
      }
      busy.incrementAndGet();
      // The innermost frame outside the JDK says what is waited for (a pooled connection, the
      // database's answer, the API server's); the state whether the thread waits in Java.
      String leaf = "?";
      for (StackTraceElement frame : stack) {
        String type = frame.getClassName();
        if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
          leaf = type + "." + frame.getMethodName();
          break;
        }
      }
      counts.merge(slipway + " ← " + leaf + " (" + state + ")", 1, Integer::sum);
    }

    String report() {
      int all = busy.get();
      StringBuilder out =
          new StringBuilder(
              """

              Task threads sampled every 20 ms during the portal rounds: %d samples busy, %d idle.
              Innermost Slipway frame ← innermost frame outside the JDK (thread state), share of the \
              busy samples (top 15):

              | share | where |
              |---|---|
              """
                  .formatted(all, idle.get()));
      counts.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .limit(15)
          .forEach(
              e ->
                  out.append(
                      "| %.1f %% | `%s` |%n".formatted(100.0 * e.getValue() / all, e.getKey())));
      return out.toString();
    }
  }

  // --- the report ---------------------------------------------------------------------------

  private String report(Inventory inventory, List<Pair> pairs, Sampler sampler) {
    StringBuilder out =
        new StringBuilder(
            """
            %d pairs of rounds after %d warm-up pairs, %d environments a round, %d objects each (%s); the raw loop on \
            %d threads, as many as the portal's task threads; ledger on.

            | pair | first | raw obj/s | portal obj/s | portal / raw | portal p50 ms | portal p95 ms \
            | portal: all requests answered, ms | CPU ms/object raw (JVM + db) \
            | CPU ms/object portal (JVM + db) |
            |---|---|---|---|---|---|---|---|---|---|
            """
                .formatted(
                    pairs.size(),
                    WARMUP,
                    ENVIRONMENTS,
                    inventory.perEnvironment(),
                    inventory.kinds(),
                    taskThreads));
    for (int i = 0; i < pairs.size(); i++) {
      Pair p = pairs.get(i);
      out.append(
          "| %d | %s | %.0f | %.0f | %.0f %% | %.0f | %.0f | %.0f | %.2f + %.2f | %.2f + %.2f |%n"
              .formatted(
                  i + 1,
                  p.rawFirst() ? "raw" : "portal",
                  p.raw().objectsPerSecond(),
                  p.portal().objectsPerSecond(),
                  100 * p.ratio(),
                  p.portal().p50Millis(),
                  p.portal().p95Millis(),
                  p.portal().answeredMillis(),
                  p.raw().cpuMillisPerObject(),
                  p.raw().databaseCpuMillisPerObject(),
                  p.portal().round().cpuMillisPerObject(),
                  p.portal().round().databaseCpuMillisPerObject()));
    }
    out.append(
        """

        | median of the %d pairs | value |
        |---|---|
        | **portal / raw** | **%.0f %%** (pairs from %.0f %% to %.0f %%) |
        | raw loop, objects/s | %.0f |
        | portal, objects/s (first request to last READY) | %.0f |
        | portal, request-to-ready p50 | %.0f ms |
        | portal, request-to-ready p95 | %.0f ms |
        | CPU per object, raw: JVM + PostgreSQL | %.2f + %.2f ms |
        | CPU per object, portal: JVM + PostgreSQL | %.2f + %.2f ms |
        """
            .formatted(
                pairs.size(),
                100 * median(pairs.stream().map(Pair::ratio).toList()),
                100 * pairs.stream().mapToDouble(Pair::ratio).min().orElseThrow(),
                100 * pairs.stream().mapToDouble(Pair::ratio).max().orElseThrow(),
                median(pairs.stream().map(p -> p.raw().objectsPerSecond()).toList()),
                median(pairs.stream().map(p -> p.portal().objectsPerSecond()).toList()),
                median(pairs.stream().map(p -> p.portal().p50Millis()).toList()),
                median(pairs.stream().map(p -> p.portal().p95Millis()).toList()),
                median(pairs.stream().map(p -> p.raw().cpuMillisPerObject()).toList()),
                median(pairs.stream().map(p -> p.raw().databaseCpuMillisPerObject()).toList()),
                median(pairs.stream().map(p -> p.portal().round().cpuMillisPerObject()).toList()),
                median(
                    pairs.stream()
                        .map(p -> p.portal().round().databaseCpuMillisPerObject())
                        .toList())));
    out.append(
        """

        CPU per object created, by thread group (median of the pairs; JVM threads by name, \
        PostgreSQL from /proc):

        | where | raw loop, ms/object | portal, ms/object |
        |---|---|---|
        """);
    List<String> groups = new ArrayList<>(new LinkedHashSet<>(THREAD_GROUPS.values()));
    groups.add(OTHER_THREADS);
    for (String group : groups) {
      out.append(
          "| %s | %.2f | %.2f |%n"
              .formatted(
                  group,
                  median(pairs.stream().map(p -> p.raw().cpuMillisPerObject(group)).toList()),
                  median(
                      pairs.stream()
                          .map(p -> p.portal().round().cpuMillisPerObject(group))
                          .toList())));
    }
    out.append(
        "| PostgreSQL (its processes) | %.2f | %.2f |%n"
            .formatted(
                median(pairs.stream().map(p -> p.raw().databaseCpuMillisPerObject()).toList()),
                median(
                    pairs.stream()
                        .map(p -> p.portal().round().databaseCpuMillisPerObject())
                        .toList())));
    if (sampler != null) {
      out.append(sampler.report());
    }
    return out.toString();
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The nearest-rank percentile. */
  static double percentile(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(sorted.size() * p / 100.0) - 1);
  }
}
