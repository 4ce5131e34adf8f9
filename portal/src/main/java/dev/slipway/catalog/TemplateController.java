package dev.slipway.catalog;

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
  @GetMapping
  List<CatalogTemplate> templates() {
    return catalog.templates();
  }

  /**
   * Imports a template document, YAML or JSON, whatever the content type says: a Template, a List
   * of them, or several YAML documents. SREs only.
   */
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

  @GetMapping("/{name}/versions")
  List<TemplateVersion> versions(@PathVariable String name) {
    return catalog.versions(name);
  }

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

  @GetMapping("/{name}/policy")
  TemplatePolicy policy(@PathVariable String name) {
    return catalog.policy(name);
  }

  @PutMapping("/{name}/policy")
  TemplatePolicy updatePolicy(@PathVariable String name, @RequestBody PolicyRequest policy) {
    return catalog.updatePolicy(name, policy.toPolicy());
  }

  /** The policy as the API takes it: every field optional; absent means open. */
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

  @GetMapping("/{name}/diff")
  TemplateDiff diff(@PathVariable String name, @RequestParam String from, @RequestParam String to) {
    return catalog.diff(name, number("from", from), number("to", to));
  }

  /** A dry run of the newest published version: the objects it would create, secrets masked. */
  @PostMapping("/{name}/render")
  TemplateCatalog.Preview render(
      @PathVariable String name, @RequestBody(required = false) @Nullable RenderRequest request) {
    return catalog.preview(
        name, request == null || request.parameters() == null ? Map.of() : request.parameters());
  }

  record RenderRequest(@Nullable Map<String, String> parameters) {}
}
