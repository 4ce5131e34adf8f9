package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.Api;
import dev.slipway.SlipwayApplication;
import dev.slipway.cluster.ClusterGateway;
import dev.slipway.cluster.internal.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Several portal instances, each a full application context, on one PostgreSQL database and one API
 * server (the fabric8 CRUD server, addressed as a real cluster through a kubeconfig). First an
 * instance is stopped dead mid-provisioning and a fresh one converges on its work; then two
 * instances take 50 requests between them and each is provisioned exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DurableProvisioningIT {

  static final String TEMPLATE =
      """
      apiVersion: template.openshift.io/v1
      kind: Template
      metadata: {name: durable}
      parameters:
        - {name: PASSWORD, generate: expression, from: "[a-zA-Z0-9]{24}"}
        - {name: MODE, value: test}
      objects:
        - {apiVersion: v1, kind: Secret, metadata: {name: creds}, stringData: {password: "${PASSWORD}"}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: "${MODE}"}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: halt-here}, data: {mode: "${MODE}"}}
        - {apiVersion: v1, kind: Service, metadata: {name: web}, spec: {ports: [{port: 8080}]}}
      """;

  static EmbeddedPostgres database;
  static KubernetesMockServer apiServer;
  static KubernetesClient kube;
  static Path kubeconfig;
  static final String KEY = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');
  static final List<ConfigurableApplicationContext> instances = new ArrayList<>();
  static ConfigurableApplicationContext fresh;

  @BeforeAll
  static void databaseAndCluster() throws Exception {
    database = EmbeddedPostgres.builder().start();
    apiServer = Sandbox.newServer();
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    kube = apiServer.createClient();
    kubeconfig = Files.createTempFile("slipway-durable", ".kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: test, cluster: {server: "%s"}}]
        users: [{name: test, user: {token: test}}]
        contexts: [{name: test, context: {cluster: test, user: test}}]
        current-context: test
        """
            .formatted(apiServer.url("/")));
  }

  @AfterAll
  static void stopEverything() throws Exception {
    Halt.release();
    instances.forEach(ConfigurableApplicationContext::close);
    kube.close();
    apiServer.destroy();
    database.close();
    Files.deleteIfExists(kubeconfig);
  }

  /** A portal instance as production runs it, on the shared database and cluster. */
  static ConfigurableApplicationContext instance(String name, Class<?>... extra) {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SlipwayApplication.class)
            .sources(extra)
            .profiles("dev")
            // Command-line arguments: they win over application.yaml, as an operator's would.
            .run(
                "--server.port=0",
                "--spring.datasource.url=" + database.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--slipway.cluster.mode=kubernetes",
                "--slipway.cluster.kubeconfig=" + kubeconfig,
                "--slipway.cluster.apply=create-or-update",
                "--slipway.provisioning.generator-key=" + KEY,
                "--slipway.provisioning.readiness.poll=PT0.2S",
                "--slipway.provisioning.expiry.enabled=false",
                "--slipway.provisioning.limits.per-user=0",
                "--slipway.provisioning.limits.per-team=0",
                "--db-scheduler.scheduler-name=" + name,
                "--db-scheduler.polling-interval=500ms",
                "--db-scheduler.heartbeat-interval=1s",
                "--db-scheduler.missed-heartbeats-limit=4",
                "--db-scheduler.shutdown-max-wait=1s");
    instances.add(context);
    return context;
  }

  static Api api(ConfigurableApplicationContext instance, String user) {
    int port = Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
    return Api.basic(port, user, user);
  }

  static String request(Api api, String name) {
    return requestFrom(api, name, "durable");
  }

  static List<HasMetadata> labelled(String environmentId) {
    List<HasMetadata> objects = new ArrayList<>();
    String label = ClusterGateway.ENVIRONMENT;
    objects.addAll(
        kube.secrets().inAnyNamespace().withLabel(label, environmentId).list().getItems());
    objects.addAll(
        kube.configMaps().inAnyNamespace().withLabel(label, environmentId).list().getItems());
    objects.addAll(
        kube.services().inAnyNamespace().withLabel(label, environmentId).list().getItems());
    objects.addAll(
        kube.apps()
            .deployments()
            .inAnyNamespace()
            .withLabel(label, environmentId)
            .list()
            .getItems());
    objects.addAll(
        kube.batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .withLabel(label, environmentId)
            .list()
            .getItems());
    return objects;
  }

  static List<String> names(List<HasMetadata> objects) {
    return objects.stream()
        .map(
            o ->
                o.getKind()
                    + " "
                    + o.getMetadata().getNamespace()
                    + "/"
                    + o.getMetadata().getName())
        .sorted()
        .toList();
  }

  @Test
  @Order(1)
  void aFreshInstanceConvergesOnTheWorkOfOneThatDiedMidProvisioning() throws Exception {
    ConfigurableApplicationContext dying = instance("dying", Halt.class);
    Api sre = api(dying, "sre");
    assertThat(sre.post("/api/v1/templates?publish=true", TEMPLATE).status()).isEqualTo(201);

    String id = request(api(dying, "developer"), "crash");
    Halt.reached.await(30, TimeUnit.SECONDS);
    assertThat(Halt.reached.getCount()).as("provisioning reached the halting object").isZero();
    // Half built: its dashboard, the Secret and the first ConfigMap exist, the rest does not.
    assertThat(names(labelled(id)))
        .containsExactly(
            "ConfigMap env-crash/settings",
            "ConfigMap env-crash/slipway-dashboard",
            "Secret env-crash/creds");
    String password = password("env-crash");
    assertThat(password).hasSize(24);

    // The instance stops dead: its scheduler and heartbeats end, its worker never returns.
    dying.close();

    fresh = instance("fresh");
    Api developer = api(fresh, "developer");
    JsonNode ready =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> developer.get("/api/v1/environments/" + id).json(), e -> status(e, "READY"));

    assertThat(names(labelled(id)))
        .as("every object once, nothing left over")
        .containsExactly(
            "ConfigMap env-crash/halt-here",
            "ConfigMap env-crash/settings",
            "ConfigMap env-crash/slipway-dashboard",
            "Secret env-crash/creds",
            "Service env-crash/web");
    assertThat(password("env-crash"))
        .as("the resumed attempt generated the same password")
        .isEqualTo(password);
    List<String> objectStatuses = new ArrayList<>();
    ready.path("objects").forEach(o -> objectStatuses.add(o.path("status").asString()));
    assertThat(objectStatuses)
        .as("4 objects, the rules and the dashboard")
        .hasSize(6)
        .containsOnly("READY");

    List<JsonNode> history = history(developer, id);
    assertThat(history.stream().map(h -> h.path("instance").asString()).distinct())
        .containsExactly("dying", "fresh");
    assertThat(history.stream().filter(h -> h.path("to").asString().equals("READY"))).hasSize(1);
    assertThat(fresh.getBean(Provisioner.class).appliedCount()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void twoInstancesProvisionFiftyRequestsEachExactlyOnce() throws Exception {
    ConfigurableApplicationContext second = instance("second");
    List<ConfigurableApplicationContext> both = List.of(fresh, second);
    int before = fresh.getBean(Provisioner.class).appliedCount();

    List<String> ids;
    try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
      List<CompletableFuture<String>> requests = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Api api = api(both.get(i % 2), "developer");
        String name = "pair-" + i;
        requests.add(CompletableFuture.supplyAsync(() -> request(api, name), clients));
      }
      ids = requests.stream().map(CompletableFuture::join).toList();
    }

    Api developer = api(second, "developer");
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                ids.stream()
                    .allMatch(
                        id -> status(developer.get("/api/v1/environments/" + id).json(), "READY")));

    int byFresh = fresh.getBean(Provisioner.class).appliedCount() - before;
    int bySecond = second.getBean(Provisioner.class).appliedCount();
    assertThat(byFresh + bySecond).as("apply steps run, in all").isEqualTo(50);
    assertThat(byFresh).as("the first instance took some").isPositive();
    assertThat(bySecond).as("the second instance took some").isPositive();

    JdbcClient jdbc = fresh.getBean(JdbcClient.class);
    for (String id : ids) {
      assertThat(
              jdbc.sql(
                      "select count(*) from environment_transition where environment_id = :id"
                          + " and reason like 'Creating namespace%'")
                  .param("id", java.util.UUID.fromString(id))
                  .query(Long.class)
                  .single())
          .as("environment %s provisioned once", id)
          .isEqualTo(1);
      assertThat(labelled(id)).as("4 objects and the dashboard").hasSize(5);
    }
    assertThat(
            jdbc.sql(
                    "select count(*) from scheduled_tasks where task_name = 'provision-environment'")
                .query(Long.class)
                .single())
        .as("no provisioning task left behind")
        .isZero();
  }

  @Test
  @Order(4)
  void aLimitHoldsForSimultaneousRequestsSpreadOverTwoInstances() {
    List<ConfigurableApplicationContext> running =
        instances.stream().filter(ConfigurableApplicationContext::isActive).toList();
    assertThat(running).as("two instances on the one database").hasSizeGreaterThanOrEqualTo(2);
    JdbcClient jdbc = running.getFirst().getBean(JdbcClient.class);
    long live =
        jdbc.sql(
                "select count(*) from environment where owner = 'teammate'"
                    + " and status in ('REQUESTED', 'AWAITING_APPROVAL', 'PROVISIONING', 'READY')")
            .query(Long.class)
            .single();
    running.forEach(i -> i.getBean(EnvironmentLimits.class).set((int) live + 10, 0));
    try {
      List<Api.Response> answers =
          Simultaneous.send(
              20,
              i ->
                  api(running.get(i % 2), "teammate")
                      .post(
                          "/api/v1/environments",
                          "{\"name\":\"spread-" + i + "\",\"template\":\"durable\"}"));
      assertThat(Simultaneous.count(answers, 202)).as(answers.toString()).isEqualTo(10);
      assertThat(Simultaneous.count(answers, 429)).isEqualTo(10);
    } finally {
      running.forEach(i -> i.getBean(EnvironmentLimits.class).set(0, 0));
    }
  }

  /** The API server stores the Secret as sent (this one has no stringData-to-data step). */
  static String password(String namespace) {
    var secret = kube.secrets().inNamespace(namespace).withName("creds").get();
    return secret.getStringData() != null && secret.getStringData().containsKey("password")
        ? secret.getStringData().get("password")
        : new String(Base64.getDecoder().decode(secret.getData().get("password")));
  }

  static String waiting(String name, String timeout) {
    return """
        apiVersion: template.openshift.io/v1
        kind: Template
        metadata:
          name: %s
          annotations: {slipway.dev/readiness-timeout: %s}
        objects:
          - apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: registry.example/web:1}]}
          - apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              backoffLimit: 0
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: migrate, image: registry.example/migrate:1}]
        """
        .formatted(name, timeout);
  }

  @Test
  @Order(3)
  void onARealClusterEachObjectIsWaitedForUntilReadyFailedOrOutOfTime() {
    Api sre = api(fresh, "sre");
    assertThat(sre.post("/api/v1/templates?publish=true", waiting("waits", "PT1M")).status())
        .isEqualTo(201);
    assertThat(sre.post("/api/v1/templates?publish=true", waiting("never", "PT2S")).status())
        .isEqualTo(201);
    Api developer = api(fresh, "developer");

    String comesUp = requestFrom(developer, "comes-up", "waits");
    String jobFails = requestFrom(developer, "job-fails", "waits");
    String tooSlow = requestFrom(developer, "too-slow", "never");

    JsonNode waitingOne =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> developer.get("/api/v1/environments/" + comesUp).json(),
                e ->
                    e.path("statusReason").asString().startsWith("Waiting for every object")
                        && !object(e, "Deployment").path("message").asString().isEmpty());
    assertThat(waitingOne.path("status").asString()).isEqualTo("PROVISIONING");
    assertThat(object(waitingOne, "Deployment").path("message").asString())
        .isEqualTo("0 of 1 replicas available");

    // What the cluster's controllers would do: the Deployment becomes available, the Job succeeds.
    kube.apps()
        .deployments()
        .inNamespace("env-comes-up")
        .withName("web")
        .editStatus(
            d -> {
              d.setStatus(
                  new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                      .withAvailableReplicas(1)
                      .build());
              return d;
            });
    kube.batch()
        .v1()
        .jobs()
        .inNamespace("env-comes-up")
        .withName("migrate")
        .editStatus(
            j -> {
              j.setStatus(
                  new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                      .withSucceeded(1)
                      .build());
              return j;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(developer.get("/api/v1/environments/" + comesUp).json(), "READY"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> kube.batch().v1().jobs().inNamespace("env-job-fails").withName("migrate").get(),
            java.util.Objects::nonNull);
    kube.batch()
        .v1()
        .jobs()
        .inNamespace("env-job-fails")
        .withName("migrate")
        .editStatus(
            j -> {
              j.setStatus(
                  new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                      .withFailed(1)
                      .build());
              return j;
            });
    JsonNode failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> developer.get("/api/v1/environments/" + jobFails).json(),
                e -> status(e, "FAILED"));
    assertThat(failed.path("statusReason").asString())
        .startsWith("Job migrate: the job failed 1 times");
    developer.awaitCleanedUp(jobFails);
    assertThat(labelled(jobFails)).isEmpty();

    JsonNode timedOut =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> developer.get("/api/v1/environments/" + tooSlow).json(),
                e -> status(e, "FAILED"));
    assertThat(timedOut.path("statusReason").asString())
        .startsWith("not ready after 2 seconds")
        .contains("Deployment web: 0 of 1 replicas available")
        .contains("Job migrate: not succeeded yet");
  }

  static final String WATCHED =
      """
      apiVersion: template.openshift.io/v1
      kind: Template
      metadata: {name: watched}
      objects:
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: watched}}
      """;

  /** The objective ratios in the environment's rules, as the cluster holds them. */
  static List<String> objectiveRatios(String namespace) {
    var rule =
        kube.resources(io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class)
            .inNamespace(namespace)
            .withName("slipway-slos")
            .get();
    return rule.getSpec().getGroups().stream()
        .flatMap(g -> g.getRules().stream())
        .filter(r -> "slo:objective:ratio".equals(r.getRecord()))
        .map(r -> r.getExpr().getStrVal())
        .toList();
  }

  @Test
  @Order(5)
  void anObjectiveChangeReachesTheClusterAfterTheInstanceThatTookItDied() throws Exception {
    // The earlier tests' work done, the instance that takes the change is the only one running.
    JdbcClient earlier = fresh.getBean(JdbcClient.class);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                earlier
                    .sql(
                        "select count(*) from scheduled_tasks"
                            + " where task_name in ('provision-environment', 'delete-environment')")
                    .query(Long.class)
                    .single(),
            n -> n == 0);
    instances.forEach(ConfigurableApplicationContext::close);
    ConfigurableApplicationContext stalling = instance("stalling", HaltRefresh.class);
    Api sre = api(stalling, "sre");
    assertThat(sre.post("/api/v1/templates?publish=true", WATCHED).status()).isEqualTo(201);
    Api developer = api(stalling, "developer");
    String id = requestFrom(developer, "watched", "watched");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> status(developer.get("/api/v1/environments/" + id).json(), "READY"));
    List<String> before = objectiveRatios("env-watched");
    assertThat(before).hasSize(2).doesNotContain("vector(0.995)");

    // The change is stored with its refresh task; the refresh then dies at the rules.
    HaltRefresh.armed = true;
    Api.Response changed =
        sre.put("/api/v1/services/" + id + "/slos/availability", "{\"objective\": 99.5}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    HaltRefresh.reached.await(30, TimeUnit.SECONDS);
    assertThat(HaltRefresh.reached.getCount()).as("the refresh reached the rules").isZero();
    assertThat(objectiveRatios("env-watched"))
        .as("not applied by the instance that took it")
        .isEqualTo(before);
    stalling.close();

    ConfigurableApplicationContext survivor = instance("survivor");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> objectiveRatios("env-watched").contains("vector(0.995)"));
    assertThat(objectiveRatios("env-watched")).containsExactly("vector(0.995)", before.get(1));
    JdbcClient jdbc = survivor.getBean(JdbcClient.class);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql(
                        "select count(*) from scheduled_tasks"
                            + " where task_name = 'refresh-monitoring'")
                    .query(Long.class)
                    .single(),
            n -> n == 0);
    assertThat(survivor.getBean(MonitoringRefresh.class).refreshedCount())
        .as("the revived refresh ran once")
        .isEqualTo(1);
  }

  static String requestFrom(Api api, String name, String template) {
    Api.Response response =
        api.post(
            "/api/v1/environments",
            "{\"name\":\"" + name + "\",\"template\":\"" + template + "\"}");
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    return response.json().path("id").asString();
  }

  static JsonNode object(JsonNode environment, String kind) {
    for (JsonNode o : environment.path("objects")) {
      if (o.path("kind").asString().equals(kind)) {
        return o;
      }
    }
    throw new AssertionError("no " + kind + " in " + environment);
  }

  static boolean status(JsonNode environment, String status) {
    return environment.path("status").asString().equals(status);
  }

  static List<JsonNode> history(Api api, String id) {
    List<JsonNode> out = new ArrayList<>();
    api.get("/api/v1/environments/" + id + "/history").json().forEach(out::add);
    return out;
  }

  /**
   * Stops provisioning dead at the object named {@code halt-here}, as a process that is killed
   * would: the worker neither returns nor throws, so nothing more is written by it.
   */
  @Configuration(proxyBeanMethods = false)
  static class Halt {

    static final CountDownLatch reached = new CountDownLatch(1);

    /** Ends the parked worker at the end of the class, past anything that could catch it. */
    static final class Halted extends Error {}

    private static volatile boolean released;

    static void release() {
      released = true;
    }

    @Bean
    static BeanPostProcessor haltingCluster() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof ClusterGateway gateway ? halting(gateway) : bean;
        }
      };
    }

    static ClusterGateway halting(ClusterGateway delegate) {
      return halting(delegate, Halt::haltsAt, reached);
    }

    /** A gateway that stops dead, for good, when it is to apply a manifest {@code haltsAt}. */
    static ClusterGateway halting(
        ClusterGateway delegate, Predicate<Object> haltsAt, CountDownLatch reached) {
      return (ClusterGateway)
          Proxy.newProxyInstance(
              ClusterGateway.class.getClassLoader(),
              new Class<?>[] {ClusterGateway.class},
              (proxy, method, args) -> {
                if (method.getName().equals("apply") && haltsAt.test(args[1])) {
                  reached.countDown();
                  while (!released) {
                    LockSupport.parkNanos(100_000_000L);
                  }
                  throw new Halted();
                }
                try {
                  Object result = method.invoke(delegate, args);
                  return result instanceof ClusterGateway acting
                      ? halting(acting, haltsAt, reached)
                      : result;
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @SuppressWarnings("unchecked")
    static boolean haltsAt(Object manifest) {
      return manifest instanceof Map<?, ?> m
          && m.get("metadata") instanceof Map<?, ?> metadata
          && "halt-here".equals(((Map<String, Object>) metadata).get("name"));
    }
  }

  /**
   * Once armed, stops the monitoring refresh dead at the service's rules, as a process that is
   * killed would (provisioning applies the rules too, before it is armed).
   */
  @Configuration(proxyBeanMethods = false)
  static class HaltRefresh {

    static final CountDownLatch reached = new CountDownLatch(1);
    static volatile boolean armed;

    @Bean
    static BeanPostProcessor haltingRefresh() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof ClusterGateway gateway
              ? Halt.halting(gateway, HaltRefresh::haltsAt, reached)
              : bean;
        }
      };
    }

    static boolean haltsAt(Object manifest) {
      return armed && manifest instanceof Map<?, ?> m && "PrometheusRule".equals(m.get("kind"));
    }
  }
}
