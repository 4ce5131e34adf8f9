package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import dev.slipway.cluster.internal.ClusterConnection;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The REST API against the sandbox cluster and an embedded PostgreSQL, as CI would use it. */
@PortalTest
class EnvironmentApiIT {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ClusterConnection cluster;

  Api developer;
  KubernetesClient kube;

  @BeforeEach
  void clients() {
    developer = Api.basic(port, "developer", "developer");
    kube = cluster.client();
  }

  @Test
  void refusesCallsWithoutCredentialsWithAProblemDetail() {
    Api.Response response = Api.anonymous(port).get("/api/v1/templates");
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("detail").asString()).contains("HTTP Basic");
    assertThat(Api.basic(port, "developer", "wrong").get("/api/v1/environments").status())
        .isEqualTo(401);
  }

  @Test
  void listsTheCuratedTemplatesWithTheirParameters() {
    JsonNode templates = developer.get("/api/v1/templates").json();
    List<String> names = new ArrayList<>();
    templates.forEach(t -> names.add(t.path("name").asString()));
    assertThat(names).contains("postgresql", "webapp-postgresql");

    JsonNode postgresql = find(templates, "postgresql");
    assertThat(postgresql.path("displayName").asString()).isEqualTo("PostgreSQL database");
    JsonNode password = find(postgresql.path("parameters"), "POSTGRESQL_PASSWORD");
    assertThat(password.path("generated").asBoolean()).isTrue();
    assertThat(password.path("defaultValue").asString()).isEmpty();
  }

  @Test
  void createsTheNamespaceAndEveryObjectWithOwnershipAndTemplateLabels() {
    Api.Response created =
        developer.post(
            "/api/v1/environments",
            """
            {"template": "webapp-postgresql", "name": "orders-test",
             "parameters": {"NAME": "orders", "REPLICAS": "2"}, "ttl": "P2D"}""");
    assertThat(created.status()).isEqualTo(202);
    String id = created.json().path("id").asString();
    assertThat(created.raw().headers().firstValue("Location"))
        .hasValue("/api/v1/environments/" + id);

    JsonNode ready = awaitStatus(id, "READY");
    assertThat(ready.path("namespace").asString()).isEqualTo("env-orders-test");
    assertThat(ready.path("template").asString()).isEqualTo("webapp-postgresql");
    List<String> objects = new ArrayList<>();
    ready
        .path("objects")
        .forEach(o -> objects.add(o.path("kind").asString() + "/" + o.path("name").asString()));
    assertThat(objects)
        .containsExactly(
            "PrometheusRule/slipway-slos",
            "ServiceMonitor/slipway",
            "ConfigMap/slipway-dashboard",
            "Secret/orders-db",
            "Service/orders",
            "Route/orders",
            "Deployment/orders",
            "Service/orders-db",
            "Deployment/orders-db");
    ready
        .path("objects")
        .forEach(
            o -> {
              assertThat(o.path("status").asString()).isEqualTo("READY");
              assertThat(o.path("labels").path("slipway.dev/environment").asString()).isEqualTo(id);
            });

    Namespace namespace = kube.namespaces().withName("env-orders-test").get();
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "slipway")
        .containsEntry("slipway.dev/environment", id);

    Map<String, String> expectedLabels =
        Map.of(
            "app.kubernetes.io/managed-by", "slipway",
            "slipway.dev/environment", id,
            "slipway.dev/template", "webapp-postgresql",
            "slipway.dev/template-version", "1",
            "template", "webapp-postgresql",
            "app.kubernetes.io/part-of", "orders");
    assertThat(kube.apps().deployments().inNamespace("env-orders-test").withName("orders").get())
        .satisfies(
            d -> {
              assertThat(d.getMetadata().getLabels()).containsAllEntriesOf(expectedLabels);
              assertThat(d.getSpec().getReplicas()).isEqualTo(2);
            });
    assertThat(
            kube.services()
                .inNamespace("env-orders-test")
                .withName("orders-db")
                .get()
                .getMetadata()
                .getLabels())
        .containsAllEntriesOf(expectedLabels);
    assertThat(
            kube.resources(io.fabric8.openshift.api.model.Route.class)
                .inNamespace("env-orders-test")
                .withName("orders")
                .get()
                .getMetadata()
                .getLabels())
        .containsAllEntriesOf(expectedLabels);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void generatedSecretsReachTheClusterAndNothingElse(CapturedOutput logs) {
    String id = developer.ready("postgresql", "secret-check");
    Secret secret = kube.secrets().inNamespace("env-secret-check").withName("postgresql").get();
    String password = secret.getStringData().get("database-password");
    String user = secret.getStringData().get("database-user");
    assertThat(password).matches("[a-zA-Z0-9]{16}");
    assertThat(user).matches("user[A-Z0-9]{3}");

    StringBuilder everything = new StringBuilder();
    everything.append(developer.get("/api/v1/environments").body());
    everything.append(developer.get("/api/v1/environments/" + id).body());
    jdbc.sql("select * from environment").query().listOfRows().forEach(everything::append);
    jdbc.sql("select * from environment_object").query().listOfRows().forEach(everything::append);
    everything.append(logs.getAll());
    assertThat(everything.toString())
        .contains("secret-check")
        .doesNotContain(password)
        .doesNotContain(user);
  }

  @Test
  void deleteRemovesEveryLabelledObjectAndTheNamespace() {
    String id = developer.ready("{\"template\": \"postgresql\", \"name\": \"short-lived\"}");
    assertThat(labelled(Secret.class, "env-short-lived", id)).hasSize(1);

    Api.Response deleting = developer.delete("/api/v1/environments/" + id);
    assertThat(deleting.status()).isEqualTo(202);
    JsonNode deleted = awaitStatus(id, "DELETED");
    deleted
        .path("objects")
        .forEach(o -> assertThat(o.path("status").asString()).isEqualTo("DELETED"));

    assertThat(labelled(Secret.class, "env-short-lived", id)).isEmpty();
    assertThat(labelled(io.fabric8.kubernetes.api.model.Service.class, "env-short-lived", id))
        .isEmpty();
    assertThat(
            kube.apps()
                .deployments()
                .inNamespace("env-short-lived")
                .withLabel("slipway.dev/environment", id)
                .list()
                .getItems())
        .isEmpty();
    assertThat(kube.namespaces().withName("env-short-lived").get()).isNull();

    assertThat(developer.delete("/api/v1/environments/" + id).status()).isEqualTo(409);
    // The name is free again.
    assertThat(
            developer
                .post(
                    "/api/v1/environments",
                    "{\"template\": \"postgresql\", \"name\": \"short-lived\"}")
                .status())
        .isEqualTo(202);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown template          | {"template": "mongodb", "name": "bad-1"}                                         | 400 | template             | no template named 'mongodb'
          no template               | {"name": "bad-2"}                                                                | 400 | template             | is required
          name not DNS-1123         | {"template": "postgresql", "name": "Bad_Name"}                                   | 400 | name                 | is not a DNS-1123 label
          name too long             | {"template": "postgresql", "name": "a123456789a123456789a123456789a123456789a123456789a123456789"} | 400 | name | at most 59 characters
          no name                   | {"template": "postgresql"}                                                       | 400 | name                 | is required
          missing required value    | {"template": "postgresql", "name": "bad-3", "parameters": {"POSTGRESQL_DATABASE": ""}} | 400 | parameters.POSTGRESQL_DATABASE | is required and must be specified
          unknown parameter         | {"template": "postgresql", "name": "bad-4", "parameters": {"DATABSE": "x"}}      | 400 | parameters.DATABSE   | unknown parameter name
          malformed ttl             | {"template": "postgresql", "name": "bad-5", "ttl": "3 days"}                     | 400 | ttl                  | is not an ISO-8601 duration
          ttl above the maximum     | {"template": "postgresql", "name": "bad-6", "ttl": "P31D"}                       | 400 | ttl                  | maximum of 30 days
          negative ttl              | {"template": "postgresql", "name": "bad-7", "ttl": "-PT1H"}                      | 400 | ttl                  | longer than zero
          null value                | {"template": "postgresql", "name": "bad-8", "parameters": {"POSTGRESQL_DATABASE": null}} | 400 | parameters.POSTGRESQL_DATABASE | must be a string
          number where JSON needed  | {"template": "webapp-postgresql", "name": "bad-9", "parameters": {"REPLICAS": "two"}} | 400 | parameters.REPLICAS | is not a whole number of replicas
          """)
  void rejectsBadInputNamingTheFieldAndCreatesNothing(
      String title, String body, int status, String field, String message) {
    long before = environmentCount();
    String name = Api.JSON.readTree(body).path("name").asString("");

    Api.Response response = developer.post("/api/v1/environments", body);

    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode error = find(response.json().path("errors"), field, "field");
    assertThat(error.path("message").asString()).contains(message);
    assertThat(response.json().path("detail").asString()).contains(field);
    assertThat(environmentCount()).isEqualTo(before);
    assertThat(kube.namespaces().withName("env-" + name).get()).isNull();
  }

  @Test
  void aParameterValueAboveTheSizeLimitIsRefusedNamingItAndNothingIsStored() {
    long before = environmentCount();
    String big = "x".repeat(64 * 1024 + 1);
    Api.Response response =
        developer.post(
            "/api/v1/environments",
            "{\"template\": \"postgresql\", \"name\": \"too-big\", \"parameters\":"
                + " {\"POSTGRESQL_DATABASE\": \""
                + big
                + "\"}}");
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(
            find(response.json().path("errors"), "parameters.POSTGRESQL_DATABASE", "field")
                .path("message")
                .asString())
        .contains("longer than 64 KiB")
        .contains("slipway.catalog.max-parameter-value-bytes");
    assertThat(response.body()).as("the value is not echoed").doesNotContain(big);
    assertThat(environmentCount()).isEqualTo(before);

    Api.Response dryRun =
        developer.post(
            "/api/v1/templates/postgresql/render",
            "{\"parameters\": {\"POSTGRESQL_DATABASE\": \"" + big + "\"}}");
    assertThat(dryRun.status()).as("the dry run refuses alike").isEqualTo(400);
    assertThat(
            find(dryRun.json().path("errors"), "parameters.POSTGRESQL_DATABASE", "field")
                .path("message")
                .asString())
        .contains("longer than 64 KiB");
    assertThat(dryRun.body()).doesNotContain(big);
  }

  @Test
  void aDuplicateNameIsAConflict() {
    String body = "{\"template\": \"postgresql\", \"name\": \"twice\"}";
    assertThat(developer.post("/api/v1/environments", body).status()).isEqualTo(202);
    long before = environmentCount();
    Api.Response second = developer.post("/api/v1/environments", body);
    assertThat(second.status()).isEqualTo(409);
    assertThat(find(second.json().path("errors"), "name", "field").path("message").asString())
        .contains("already exists");
    assertThat(environmentCount()).isEqualTo(before);
  }

  @Test
  void aMalformedBodyIsABadRequest() {
    Api.Response response = developer.post("/api/v1/environments", "{not json");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("detail").asString())
        .contains("not JSON of the expected shape");
  }

  @Test
  void aClusterRefusalMidwayFailsTheEnvironmentAndRemovesWhatWasCreated() {
    cluster
        .sandbox()
        .server()
        .expect()
        .post()
        .withPath("/apis/apps/v1/namespaces/env-half-built/deployments")
        .andReturn(
            422,
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("Deployment.apps \"orders\" is invalid: spec.replicas: must be >= 0")
                .build())
        .once();

    String id =
        requested(
            "{\"template\": \"webapp-postgresql\", \"name\": \"half-built\", \"parameters\": {\"NAME\": \"orders\"}}");
    JsonNode failed = developer.awaitCleanedUp(id);
    // The history, not a poll that may come late: the failure said the cleanup was under way,
    // and only the cleanup's own step said it was done.
    assertThat(developer.get("/api/v1/environments/" + id + "/history").body())
        .as("the reason claims no cleanup before it happened")
        .contains("Removing everything created for it.");

    assertThat(failed.path("statusReason").asString())
        .contains("Deployment orders")
        .contains("spec.replicas: must be >= 0");
    JsonNode deployment = find(failed.path("objects"), "orders", "name", "Deployment");
    assertThat(deployment.path("status").asString()).isEqualTo("FAILED");
    assertThat(deployment.path("message").asString()).contains("must be >= 0");

    assertThat(kube.secrets().inNamespace("env-half-built").list().getItems()).isEmpty();
    assertThat(kube.services().inNamespace("env-half-built").list().getItems()).isEmpty();
    assertThat(kube.namespaces().withName("env-half-built").get()).isNull();
  }

  @Test
  void aFailedEnvironmentIsRetriedByItsOwnerAndComesUp() {
    cluster
        .sandbox()
        .server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/env-second-go/services")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("services is forbidden: exceeded quota: compute")
                .build())
        .once();
    String id = requested("{\"template\": \"postgresql\", \"name\": \"second-go\"}");
    assertThat(awaitStatus(id, "FAILED").path("statusReason").asString())
        .contains("exceeded quota: compute");

    Api.Response notOwner = Api.basic(port, "auditor", "auditor").post(retry(id), "");
    assertThat(notOwner.status()).isEqualTo(403);

    Api.Response retried = developer.post(retry(id), "");
    assertThat(retried.status()).isEqualTo(202);
    assertThat(retried.json().path("status").asString()).isIn("REQUESTED", "PROVISIONING", "READY");
    awaitStatus(id, "READY");
    assertThat(kube.services().inNamespace("env-second-go").withName("postgresql").get())
        .isNotNull();

    Api.Response again = developer.post(retry(id), "");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("detail").asString()).contains("has not failed");

    List<String> steps = new java.util.ArrayList<>();
    developer
        .get("/api/v1/environments/" + id + "/history")
        .json()
        .forEach(t -> steps.add(t.path("from").asString("") + ">" + t.path("to").asString()));
    assertThat(steps)
        .startsWith(">REQUESTED", "REQUESTED>PROVISIONING")
        .contains("PROVISIONING>FAILED", "FAILED>REQUESTED")
        .endsWith("PROVISIONING>READY");
    assertThat(
            developer
                .get("/api/v1/environments/" + id + "/history")
                .json()
                .get(0)
                .path("instance")
                .asString())
        .isNotBlank();
  }

  private static String retry(String id) {
    return "/api/v1/environments/" + id + "/retry";
  }

  @Test
  void aNamespaceThatBelongsToSomethingElseIsNeverTakenOver() {
    kube.namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("env-payments")
                .endMetadata()
                .build())
        .create();
    String id = requested("{\"template\": \"postgresql\", \"name\": \"payments\"}");
    JsonNode failed = awaitStatus(id, "FAILED");
    assertThat(failed.path("statusReason").asString())
        .contains("env-payments already exists and does not belong to this environment");
    assertThat(kube.namespaces().withName("env-payments").get()).isNotNull();
    assertThat(kube.secrets().inNamespace("env-payments").list().getItems()).isEmpty();
  }

  @Test
  void auditorsMayReadButNotRequestOrDelete() {
    Api auditor = Api.basic(port, "auditor", "auditor");
    Api.Response refused =
        auditor.post(
            "/api/v1/environments", "{\"template\": \"postgresql\", \"name\": \"audit-try\"}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");

    String id = developer.ready("{\"template\": \"postgresql\", \"name\": \"audited\"}");
    assertThat(auditor.get("/api/v1/environments/" + id).status()).isEqualTo(200);
    assertThat(auditor.delete("/api/v1/environments/" + id).status()).isEqualTo(403);
  }

  @Test
  void developersSeeOnlyTheirOwnEnvironments() {
    Api sre = Api.basic(port, "sre", "sre");
    String id =
        sre.post("/api/v1/environments", "{\"template\": \"postgresql\", \"name\": \"sre-only\"}")
            .json()
            .path("id")
            .asString();
    assertThat(developer.get("/api/v1/environments/" + id).status()).isEqualTo(404);
    assertThat(developer.get("/api/v1/environments").body()).doesNotContain(id);
    assertThat(sre.get("/api/v1/environments/" + id).status()).isEqualTo(200);
  }

  @Test
  void aFailedEnvironmentCanBeDeletedAfterItsNameIsReused() {
    kube.namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("env-reused")
                .endMetadata()
                .build())
        .create();
    String failed = requested("{\"template\": \"postgresql\", \"name\": \"reused\"}");
    awaitStatus(failed, "FAILED");
    kube.namespaces().withName("env-reused").delete();

    String second = requested("{\"template\": \"postgresql\", \"name\": \"reused\"}");
    awaitStatus(second, "READY");

    assertThat(developer.delete("/api/v1/environments/" + failed).status()).isEqualTo(202);
    awaitStatus(failed, "DELETED");
    assertThat(developer.get("/api/v1/environments/" + second).json().path("status").asString())
        .isEqualTo("READY");
    assertThat(labelled(Secret.class, "env-reused", second))
        .as("deleting the old one leaves the new one alone")
        .hasSize(1);
  }

  @Test
  void twoDeletesAtOnceStartOneDeletion() throws Exception {
    String id =
        developer.ready("{\"template\": \"webapp-postgresql\", \"name\": \"delete-twice\"}");
    // Hold the first deletion in the cluster long enough for the second request to arrive.
    cluster
        .sandbox()
        .server()
        .expect()
        .delete()
        .delay(1500)
        .withPath(
            "/api/v1/namespaces/env-delete-twice/secrets?labelSelector=slipway.dev%2Fenvironment%3D"
                + id)
        .andReturn(
            200, new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Success").build())
        .once();

    var first =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> developer.delete("/api/v1/environments/" + id).status());
    Thread.sleep(300);
    int second = developer.delete("/api/v1/environments/" + id).status();

    assertThat(List.of(first.get(), second)).containsExactlyInAnyOrder(202, 409);
    // The injected reply claimed success without deleting the Secret: the deletion says what is
    // left, and tries again by itself until nothing is.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                developer
                    .get("/api/v1/environments/" + id)
                    .json()
                    .path("statusReason")
                    .asString()
                    .contains("Still present after deletion: Secret webapp-db"));
    assertThat(developer.delete("/api/v1/environments/" + id).status())
        .as("the deletion under way is the one there is")
        .isEqualTo(409);
    awaitStatus(id, "DELETED");
    assertThat(labelled(Secret.class, "env-delete-twice", id)).isEmpty();
  }

  @Test
  void anUnknownIdIsNotFound() {
    assertThat(developer.get("/api/v1/environments/not-an-id").status()).isEqualTo(404);
    assertThat(developer.get("/api/v1/environments/5b0c0a3e-0000-4000-8000-000000000000").status())
        .isEqualTo(404);
  }

  /** Requests an environment as the developer and returns its id. */
  private String requested(String body) {
    Api.Response response = developer.post("/api/v1/environments", body);
    assertThat(response.status()).as(response.body()).isEqualTo(202);
    return response.json().path("id").asString();
  }

  /** The objects of a kind in the namespace that carry the environment's label. */
  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> List<T> labelled(
      Class<T> kind, String namespace, String id) {
    return kube.resources(kind)
        .inNamespace(namespace)
        .withLabel("slipway.dev/environment", id)
        .list()
        .getItems();
  }

  private JsonNode awaitStatus(String id, String status) {
    return developer.awaitStatus(id, status);
  }

  private long environmentCount() {
    return jdbc.sql("select count(*) from environment").query(Long.class).single();
  }

  private static JsonNode find(JsonNode array, String name) {
    return find(array, name, "name");
  }

  private static JsonNode find(JsonNode array, String value, String field) {
    for (JsonNode node : array) {
      if (node.path(field).asString().equals(value)) {
        return node;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }

  private static JsonNode find(JsonNode array, String value, String field, String kind) {
    for (JsonNode node : array) {
      if (node.path(field).asString().equals(value) && node.path("kind").asString().equals(kind)) {
        return node;
      }
    }
    throw new AssertionError("no " + kind + " " + value + " in " + array);
  }
}
