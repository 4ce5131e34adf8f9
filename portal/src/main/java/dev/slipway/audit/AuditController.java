package dev.slipway.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ledger for auditors and SREs: filtered pages (keyset) and verification of the chain. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

  private final AuditLedger ledger;

  AuditController(AuditLedger ledger) {
    this.ledger = ledger;
  }

  /** A page, newest first; the next page is {@code before=<the last id>}. */
  record Page(List<AuditEntry> events, @Nullable Long next) {}

  @GetMapping
  Page page(
      @RequestParam(required = false) @Nullable String type,
      @RequestParam(required = false) @Nullable String target,
      @RequestParam(required = false) @Nullable String actor,
      @RequestParam(required = false) @Nullable String outcome,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable Long before,
      @RequestParam(defaultValue = "50") int limit) {
    List<AuditEntry> events =
        ledger.page(
            type, target, actor, outcome, instant("from", from), instant("to", to), before, limit);
    return new Page(
        events, events.size() < Math.max(1, Math.min(limit, 500)) ? null : events.getLast().id());
  }

  @GetMapping("/verify")
  AuditLedger.Verification verify() {
    return ledger.verify();
  }

  private static @Nullable Instant instant(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new dev.slipway.shared.InvalidRequestException(
          field, "'" + value + "' is not an ISO-8601 instant");
    }
  }
}
