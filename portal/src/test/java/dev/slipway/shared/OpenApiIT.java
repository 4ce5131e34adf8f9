package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Api;
import dev.slipway.PortalTest;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The API describes itself: {@code /v3/api-docs} names every endpoint the portal serves under
 * {@code /api/} (a new one that is missing fails here), with its roles, tags, problem responses and
 * how to authenticate.
 */
@PortalTest
class OpenApiIT {

  @LocalServerPort int port;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private JsonNode document() {
    Api.Response response = Api.anonymous(port).get("/v3/api-docs");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    try {
      // For reading, and for a build to publish: the document as the portal serves it.
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("target/openapi.json"), response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return response.json();
  }

  @Test
  void everyApiEndpointIsDescribedWithItsRolesAndTag() {
    JsonNode paths = document().path("paths");
    Set<String> described = new TreeSet<>();
    for (var path : paths.properties()) {
      for (var operation : path.getValue().properties()) {
        String endpoint = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
        described.add(endpoint);
        JsonNode op = operation.getValue();
        assertThat(op.path("tags").isEmpty()).as(endpoint + " has a tag").isFalse();
        assertThat(op.path("description").asString())
            .as(endpoint + " says who may call it")
            .contains("Roles:");
        assertThat(op.path("responses").has("401")).as(endpoint + " 401").isTrue();
        assertThat(op.path("responses").propertyNames())
            .as(endpoint + " says what it answers on success")
            .anyMatch(status -> status.startsWith("2"));
      }
    }
    Set<String> served = dev.slipway.Api.served(mappings);
    assertThat(served).hasSizeGreaterThan(30);
    assertThat(described).containsAll(served);
    // Only the API: no UI, actuator or springdoc paths.
    assertThat(described).allMatch(d -> d.contains(" /api/v1/"));
  }

  @Test
  void problemResponsesAreProblemDetailsWithErrors() {
    JsonNode doc = document();
    JsonNode request = doc.at("/paths/~1api~1v1~1environments/post");
    for (String status : new String[] {"400", "401", "403", "409", "413", "423", "429"}) {
      assertThat(
              request
                  .at("/responses/" + status + "/content/application~1problem+json/schema/$ref")
                  .asString())
          .as("POST /api/v1/environments " + status)
          .isEqualTo("#/components/schemas/Problem");
    }
    assertThat(request.at("/requestBody/content/application~1json/schema/$ref").asString())
        .endsWith("EnvironmentRequest");
    assertThat(
            doc.at("/paths/~1api~1v1~1environments~1{id}/get/responses/404/content")
                .has("application/problem+json"))
        .isTrue();
    // Two records of the same simple name would share (and overwrite) one schema.
    assertThat(
            doc.at(
                    "/paths/~1api~1v1~1templates~1{name}~1policy/put/requestBody/content/application~1json/schema/$ref")
                .asString())
        .endsWith("/TemplatePolicyRequest");
    assertThat(
            doc.at(
                    "/paths/~1api~1v1~1services~1{environment}~1release-gate~1policy/put/requestBody/content/application~1json/schema/$ref")
                .asString())
        .endsWith("/GatePolicyRequest");
    assertThat(doc.at("/components/schemas/Problem/properties/errors/items/$ref").asString())
        .isEqualTo("#/components/schemas/FieldProblem");
  }

  @Test
  void saysHowToAuthenticate() {
    JsonNode doc = document();
    assertThat(doc.at("/components/securitySchemes/bearer-jwt/scheme").asString())
        .isEqualTo("bearer");
    assertThat(doc.at("/components/securitySchemes/bearer-jwt/bearerFormat").asString())
        .isEqualTo("JWT");
    // The dev profile (as @PortalTest runs): HTTP Basic with the dev users.
    assertThat(doc.at("/components/securitySchemes/basic/scheme").asString()).isEqualTo("basic");
    assertThat(doc.path("security").toString()).contains("basic");
  }

  @Test
  void theDocumentIsPublicButTheEndpointsAreNot() {
    assertThat(Api.anonymous(port).get("/api/v1/templates").status()).isEqualTo(401);
    assertThat(Api.anonymous(port).get("/v3/api-docs").body()).contains("/api/v1/templates");
  }

  @Test
  void swaggerUiServesInTheDevProfile() {
    Api.Response ui = Api.anonymous(port).get("/swagger-ui/index.html");
    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.body()).containsIgnoringCase("swagger");
  }
}
