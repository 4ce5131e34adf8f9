package dev.slipway.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The API's own description at {@code /v3/api-docs} (springdoc infers paths, parameters and the
 * controllers' records): here the parts every endpoint shares, the problem responses and how a
 * caller authenticates (a bearer JWT; HTTP Basic with the dev users in the dev profile).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String PROBLEM = "Problem";
  static final String BEARER = "bearer-jwt";
  static final String BASIC = "basic";
  private static final String PROBLEM_JSON = "application/problem+json";

  @Bean
  OpenApiCustomizer slipwayApi(Environment environment) {
    boolean dev = environment.matchesProfiles("dev");
    return api -> {
      api.info(
          new Info()
              .title("Slipway REST API")
              .version("v1")
              .description(
                  "Self-service test environments on OpenShift. Errors are RFC 9457 problem"
                      + " details whose errors[] name each field. Each operation says which roles"
                      + " may call it."));
      Components components = api.getComponents() == null ? new Components() : api.getComponents();
      api.components(components);
      components.addSchemas(
          "FieldProblem",
          new ObjectSchema()
              .addProperty("field", new StringSchema().description("e.g. name, parameters.X"))
              .addProperty("message", new StringSchema()));
      components.addSchemas(
          PROBLEM,
          new ObjectSchema()
              .description("An RFC 9457 problem detail")
              .addProperty("type", new StringSchema().format("uri"))
              .addProperty("title", new StringSchema())
              .addProperty("status", new IntegerSchema())
              .addProperty("detail", new StringSchema())
              .addProperty("instance", new StringSchema().format("uri"))
              .addProperty(
                  "errors",
                  new ArraySchema()
                      .items(new Schema<>().$ref("#/components/schemas/FieldProblem"))
                      .description("each field that is wrong, and why")));
      components.addSecuritySchemes(
          BEARER,
          new SecurityScheme()
              .type(SecurityScheme.Type.HTTP)
              .scheme("bearer")
              .bearerFormat("JWT")
              .description(
                  "A token of the OIDC issuer naming the portal in aud; a configured pipeline's"
                      + " client-credentials token acts for its team"));
      SecurityRequirement requirement = new SecurityRequirement().addList(BEARER);
      if (dev) {
        components.addSecuritySchemes(
            BASIC,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("basic")
                .description("Dev profile only: the dev users, password = user name"));
        requirement = new SecurityRequirement().addList(BASIC);
      }
      api.addSecurityItem(requirement);
      if (api.getPaths() != null) {
        api.getPaths()
            .forEach(
                (path, item) ->
                    item.readOperationsMap()
                        .forEach((method, operation) -> problems(path, operation)));
      }
    };
  }

  /**
   * The problem responses every operation may give (409, 423 and 429 are declared where they
   * apply), and the problem body of each.
   */
  private static void problems(String path, Operation operation) {
    ApiResponses responses =
        operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    operation.responses(responses);
    putIfAbsent(
        responses,
        "400",
        "Bad input (a NUL, an unknown or repeated field, a wrong type): errors[] names each"
            + " field");
    putIfAbsent(responses, "401", "No or invalid credentials");
    putIfAbsent(responses, "403", "The caller's role may not do this");
    putIfAbsent(
        responses,
        "404",
        path.contains("{")
            ? "No such resource, or not one the caller may see; a malformed id names it in errors[]"
            : "Unknown path (paths are exact: no trailing slash)");
    if (operation.getRequestBody() != null) {
      putIfAbsent(responses, "413", "The body is larger than this endpoint's limit");
    }
    Content problem =
        new Content()
            .addMediaType(
                PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    for (Map.Entry<String, ApiResponse> response : responses.entrySet()) {
      if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
        // Every error this API gives is a problem detail (springdoc would otherwise show the
        // default media type with the operation's own return type, or nothing).
        response.getValue().content(problem);
      }
    }
  }

  private static void putIfAbsent(ApiResponses responses, String code, String description) {
    if (!responses.containsKey(code)) {
      responses.addApiResponse(code, new ApiResponse().description(description));
    }
  }
}
