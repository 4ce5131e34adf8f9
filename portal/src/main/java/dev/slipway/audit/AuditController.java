package dev.slipway.audit;

import dev.slipway.shared.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger for auditors and SREs: filtered pages (keyset), a streaming export of a filtered
 * range, and verification of the chain. Every filter is optional: {@code actor} (subject or name),
 * {@code team}, {@code template}, {@code environment} (id), {@code type}, {@code outcome}, {@code
 * target}, {@code from} and {@code to} (ISO-8601 instants, from inclusive). Signed checkpoints of
 * the chain's head, for keeping outside the database.
 */
@RestController
@Tag(
    name = "Audit",
    description = "The audit ledger: pages, export, verification, signed checkpoints")
@RequestMapping("/api/v1/audit")
class AuditController {

  private final AuditLedger ledger;

  AuditController(AuditLedger ledger) {
    this.ledger = ledger;
  }

  /** A page, newest first; the next page is {@code before=<next>}, absent on the last page. */
  record Page(List<AuditEntry> events, @Nullable Long next) {}

  /**
   * The filters, from the query string; each optional.
   *
   * @param environment an environment id
   * @param from ISO-8601 instant, inclusive
   * @param to ISO-8601 instant, exclusive
   */
  record Filters(
      @Nullable String actor,
      @Nullable String team,
      @Nullable String template,
      @Nullable String environment,
      @Nullable String type,
      @Nullable String outcome,
      @Nullable String target,
      @Nullable String from,
      @Nullable String to) {

    AuditFilter read() {
      return AuditFilter.of(
          actor,
          team,
          template,
          environment,
          type,
          outcome,
          target,
          instant("from", from),
          instant("to", to));
    }
  }

  /** A page's size: 1 to {@link AuditLedger#MAX_PAGE}, for events and checkpoints alike. */
  private static int pageSize(String limit) {
    long size = number("limit", limit);
    if (size < 1 || size > AuditLedger.MAX_PAGE) {
      throw new InvalidRequestException(
          "limit", "must be between 1 and " + AuditLedger.MAX_PAGE + ", was " + limit);
    }
    return (int) size;
  }

  @Operation(summary = "A page of the ledger, newest first", description = "Roles: auditor, SRE")
  @GetMapping
  Page page(
      @org.springdoc.core.annotations.ParameterObject Filters filters,
      @RequestParam(required = false) @Nullable String before,
      @RequestParam(defaultValue = "50") String limit) {
    int size = pageSize(limit);
    List<AuditEntry> events =
        ledger.page(
            filters.read(),
            before == null || before.isBlank() ? null : number("before", before),
            size);
    return new Page(events, events.size() < size ? null : events.getLast().id());
  }

  /**
   * The filtered range, oldest first, as CSV ({@code format=csv}, the default) or JSON. Written on
   * the request's own thread as rows are read, so no asynchronous timeout cuts a long export.
   */
  @Operation(
      summary = "The filtered range, oldest first, streamed as CSV (default) or JSON",
      description = "Roles: auditor, SRE",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The rows",
            content = {
              @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv"),
              @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json")
            })
      })
  @GetMapping("/export")
  void export(
      @org.springdoc.core.annotations.ParameterObject Filters filters,
      @RequestParam(required = false) @Nullable String format,
      jakarta.servlet.http.HttpServletResponse response)
      throws java.io.IOException {
    Export export = ledger.export(filters.read(), Export.Format.parse(format));
    response.setContentType(export.format().mediaType() + ";charset=UTF-8");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment()
            .filename("slipway-audit." + export.format().extension())
            .build()
            .toString());
    export.writeTo(response.getOutputStream());
  }

  @Operation(
      summary = "Recompute the hash chain and hold it to the newest signed checkpoint",
      description = "Roles: auditor, SRE")
  @GetMapping("/verify")
  AuditLedger.Verification verify() {
    return ledger.verify();
  }

  /**
   * A signed checkpoint as the API gives it: what was signed, the signature, and whether it
   * verifies with the portal's key (never the key itself).
   */
  record SignedCheckpoint(
      long id,
      Instant at,
      long rows,
      long headId,
      String headHash,
      String signature,
      boolean signatureValid) {}

  /** Checkpoints, newest first; the next page is {@code before=<next>}. */
  record Checkpoints(List<SignedCheckpoint> checkpoints, @Nullable Long next) {}

  /**
   * Signed checkpoints of the chain's head, newest first, to be kept outside the database (an
   * object store with retention, a SIEM): the ledger can then be held against them even if its own
   * copies are removed.
   */
  @Operation(
      summary = "Signed checkpoints of the chain's head, newest first",
      description = "Roles: auditor, SRE")
  @GetMapping("/checkpoints")
  Checkpoints checkpoints(
      @RequestParam(required = false) @Nullable String before,
      @RequestParam(defaultValue = "100") String limit) {
    int size = pageSize(limit);
    List<Checkpoint> page =
        ledger.checkpoints(
            before == null || before.isBlank() ? null : number("before", before), size);
    return new Checkpoints(
        page.stream()
            .map(
                c ->
                    new SignedCheckpoint(
                        c.id(),
                        c.at(),
                        c.rows(),
                        c.headId(),
                        c.headHash(),
                        c.signature(),
                        ledger.signedByThePortal(c)))
            .toList(),
        page.size() < size ? null : page.getLast().id());
  }

  private static Long number(String field, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(field, "'" + value + "' is not a number");
    }
  }

  private static @Nullable Instant instant(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(field, "'" + value + "' is not an ISO-8601 instant");
    }
  }
}
