package dev.slipway.slo;

import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.slo.rules.RuleDocument;
import dev.slipway.slo.rules.RuleGenerator;
import dev.slipway.slo.rules.SloSpec;
import dev.slipway.slo.rules.SloSpecException;
import dev.slipway.slo.rules.SloSpecReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/slo/generate}: a Sloth ({@code prometheus/v1} or {@code
 * PrometheusServiceLevel}) or OpenSLO document in, the rule groups Slipway would install out, as
 * Sloth would write them. JSON by default; YAML when asked for ({@code Accept: application/yaml}).
 */
@RestController
@Tag(name = "Service levels", description = "Objectives and error budgets")
class SloGenerateController {

  static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  /** About a thousand SLOs: more is a fleet, not a request. */
  static final int MAX_DOCUMENT_BYTES = 1_000_000;

  /** The document's limit, enforced while the body is read (a larger one gets 413). */
  @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
  static class DocumentLimit {
    @org.springframework.context.annotation.Bean
    dev.slipway.shared.BodyLimit sloDocumentLimit() {
      return new dev.slipway.shared.BodyLimit(
          "POST",
          "/api/v1/slo/generate",
          MAX_DOCUMENT_BYTES,
          MAX_DOCUMENT_BYTES + " bytes per SLO document; split it into several requests");
    }
  }

  /** One output document: a plain rules file or a PrometheusRule object. */
  record Generated(List<Map<String, Object>> documents, int rules) {}

  @Operation(
      summary =
          "The Prometheus rule groups Slipway would install for a Sloth or OpenSLO document (JSON, or YAML with Accept: application/yaml)",
      description = "Roles: any signed-in user",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The rule groups",
            content = {
              @io.swagger.v3.oas.annotations.media.Content(
                  mediaType = "application/json",
                  schema =
                      @io.swagger.v3.oas.annotations.media.Schema(
                          implementation = Generated.class)),
              @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/yaml")
            })
      })
  @PostMapping(
      path = "/api/v1/slo/generate",
      consumes = {
        "application/yaml",
        "application/x-yaml",
        "text/yaml",
        MediaType.APPLICATION_JSON_VALUE,
        MediaType.TEXT_PLAIN_VALUE
      })
  ResponseEntity<?> generate(
      @RequestBody String document,
      @RequestParam(defaultValue = "30d") String period,
      @RequestParam(defaultValue = "false") boolean disableAlerts,
      @RequestParam(defaultValue = "false") boolean disableRecordings,
      @RequestHeader(name = "Accept", required = false) @Nullable String accept) {
    Duration days;
    try {
      days = SloWindow.parse(period).period();
    } catch (IllegalArgumentException unfit) {
      throw new InvalidRequestException("period", unfit.getMessage());
    }
    List<RuleDocument> documents;
    try {
      List<SloSpec> specs = new SloSpecReader(days, false).read("request", document);
      documents =
          RuleGenerator.generate(
              specs,
              RuleGenerator.Options.defaults()
                  .withDefaultPeriod(days)
                  .withAlertsDisabled(disableAlerts)
                  .withRecordingsDisabled(disableRecordings));
    } catch (SloSpecException invalid) {
      // Several documents: say which one; one document: its fields alone, as they are written.
      boolean several =
          java.util.Arrays.stream(document.split("(?m)^---[ \\t]*$"))
                  .filter(d -> !d.isBlank())
                  .count()
              > 1;
      throw new InvalidRequestException(
          invalid.problems().stream()
              .map(
                  p ->
                      new FieldProblem(
                          (several && p.document() > 0 ? "documents[" + p.document() + "]." : "")
                              + (p.path().isEmpty() ? "document" : p.path()),
                          p.message()))
              .toList());
    }
    if (accept != null && (accept.contains("yaml"))) {
      return ResponseEntity.ok().contentType(YAML).body(RuleGenerator.toYaml(documents));
    }
    return ResponseEntity.ok(
        new Generated(
            documents.stream().map(RuleDocument::toMap).toList(),
            documents.stream()
                .mapToInt(d -> d.groups().stream().mapToInt(g -> g.rules().size()).sum())
                .sum()));
  }
}
