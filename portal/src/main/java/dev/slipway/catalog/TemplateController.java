package dev.slipway.catalog;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API v1: the catalog, and its curation by SREs. */
@RestController
@Tag(name = "Templates", description = "The catalog and its curation")
@RequestMapping("/api/v1/templates")
class TemplateController {

  private final TemplateCatalog catalog;

  TemplateController(TemplateCatalog catalog) {
    this.catalog = catalog;
  }

  /** An import's body may be as large as a template document may be, and no larger. */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class ImportLimit {
    @org.springframework.context.annotation.Bean
    dev.slipway.shared.BodyLimit templateImportLimit(CatalogProperties properties) {
      return new dev.slipway.shared.BodyLimit(
          "POST",
          "/api/v1/templates",
          properties.maxTemplateBytes(),
          "slipway.catalog.max-template-bytes");
    }
  }

  /** The newest published version of every template. */
  @Operation(
      summary = "The catalog: the newest published version of each template",
      description = "Roles: any signed-in user")
  @GetMapping
  List<CatalogTemplate> templates() {
    return catalog.templates();
  }

  /**
   * Imports a template document, YAML or JSON, whatever the content type says: a Template, a List
   * of them, or several YAML documents. SREs only.
   */
  @Operation(
      summary = "Import a template document: a Template, a List, or several YAML documents",
      description = "Roles: SRE",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              description = "YAML or JSON, whatever the content type says",
              content = {
                @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/yaml"),
                @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json")
              }),
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Imported: the name and version of each",
            useReturnTypeSchema = true)
      })
  @PostMapping
  ResponseEntity<Imported> importTemplates(
      jakarta.servlet.http.HttpServletRequest request,
      @RequestParam(defaultValue = "false") boolean publish)
      throws java.io.IOException {
    List<ImportedTemplate> imported = catalog.importDocument(readBounded(request), publish);
    ImportedTemplate first = imported.getFirst();
    return ResponseEntity.created(
            URI.create("/api/v1/templates/" + first.name() + "/versions/" + first.version()))
        .body(new Imported(imported));
  }

  record Imported(List<ImportedTemplate> imported) {}

  /**
   * The body as text. The edge ({@code BodyLimit} above) has bounded it already: a larger one is
   * refused with 413 while it is read, before it is held here.
   */
  private static String readBounded(jakarta.servlet.http.HttpServletRequest request)
      throws java.io.IOException {
    return new String(
        request.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Operation(
      summary = "Every version with status, origin and who imported it",
      description = "Roles: SRE")
  @GetMapping("/{name}/versions")
  List<TemplateVersion> versions(@PathVariable String name) {
    return catalog.versions(name);
  }

  @Operation(
      summary = "Move a version to PUBLISHED, DEPRECATED or RETIRED",
      description = "Roles: SRE",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The version with its new status",
            useReturnTypeSchema = true),
        @ApiResponse(responseCode = "409", description = "A move that is not allowed")
      })
  @PutMapping("/{name}/versions/{version}/status")
  TemplateVersion changeStatus(
      @PathVariable String name, @PathVariable String version, @RequestBody StatusChange change) {
    return catalog.changeStatus(name, number("version", version), status(change.status()));
  }

  record StatusChange(@Nullable String status) {}

  /** A status exactly as written: no other case, no padding (Jackson's enum reading trims). */
  private static TemplateStatus status(@Nullable String status) {
    for (TemplateStatus known : TemplateStatus.values()) {
      if (known.name().equals(status)) {
        return known;
      }
    }
    throw new dev.slipway.shared.InvalidRequestException(
        "status",
        (status == null ? "is required" : "'" + status + "' is not a status")
            + ": one of DRAFT, PUBLISHED, DEPRECATED, RETIRED");
  }

  /** A version number as written: digits only (no sign, hex, padding or leading zero). */
  private static int number(String field, String value) {
    if (!value.matches("[1-9][0-9]{0,8}")) {
      throw new dev.slipway.shared.InvalidRequestException(
          field, "'" + value + "' is not a version number such as 1");
    }
    return Integer.parseInt(value);
  }

  @Operation(
      summary = "Default and maximum TTL, roles and groups, approval, quota and limits",
      description = "Roles: any signed-in user")
  @GetMapping("/{name}/policy")
  TemplatePolicy policy(@PathVariable String name) {
    return catalog.policy(name);
  }

  @Operation(summary = "Change a template's policy", description = "Roles: SRE")
  @PutMapping("/{name}/policy")
  TemplatePolicy updatePolicy(@PathVariable String name, @RequestBody PolicyRequest policy) {
    return catalog.updatePolicy(name, policy.toPolicy());
  }

  /** The policy as the API takes it: every field optional; absent means open. */
  @io.swagger.v3.oas.annotations.media.Schema(name = "TemplatePolicyRequest")
  record PolicyRequest(
      java.time.@Nullable Duration defaultTtl,
      java.time.@Nullable Duration maxTtl,
      @Nullable List<String> allowedRoles,
      @Nullable List<String> allowedGroups,
      @Nullable Boolean approvalRequired,
      @Nullable Map<String, String> quota,
      @Nullable Map<String, String> limitDefaults,
      @Nullable Map<String, String> limitDefaultRequests) {

    TemplatePolicy toPolicy() {
      return new TemplatePolicy(
          defaultTtl,
          maxTtl,
          allowedRoles,
          allowedGroups,
          Boolean.TRUE.equals(approvalRequired),
          quota,
          limitDefaults,
          limitDefaultRequests);
    }
  }

  @Operation(
      summary = "What changed in parameters and objects between two versions",
      description = "Roles: SRE")
  @GetMapping("/{name}/diff")
  TemplateDiff diff(@PathVariable String name, @RequestParam String from, @RequestParam String to) {
    return catalog.diff(name, number("from", from), number("to", to));
  }

  /** A dry run of the newest published version: the objects it would create, secrets masked. */
  @Operation(
      summary =
          "Dry run: the objects the newest published version would create, every Secret value masked",
      description = "Roles: any signed-in user")
  @PostMapping("/{name}/render")
  TemplateCatalog.Preview render(
      @PathVariable String name, @RequestBody(required = false) @Nullable RenderRequest request) {
    return catalog.preview(
        name, request == null || request.parameters() == null ? Map.of() : request.parameters());
  }

  record RenderRequest(@Nullable Map<String, String> parameters) {}
}
