package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a row's hash covers, across the ledger's two versions of a row. */
class AuditEntryTest {

  static AuditEntry row(UUID environment, String request) {
    return new AuditEntry(
        7,
        7L,
        Instant.parse("2026-11-20T10:00:00.123456Z"),
        "EnvironmentReady",
        "some-target",
        "slipway",
        "Slipway (background work)",
        "SUCCESS",
        null,
        null,
        null,
        environment,
        null,
        null,
        null,
        null,
        request,
        "{\"id\":\"x\"}",
        AuditLedger.GENESIS,
        "");
  }

  @Test
  void aRowWithoutContextColumnsHashesAsTheFirstVersionDid() {
    // The first version's formula, written out: previous hash, then ten parts.
    String firstVersion =
        AuditLedger.hash(
            AuditLedger.GENESIS,
            new String[] {
              "2026-11-20T10:00:00.123456Z",
              "EnvironmentReady",
              "some-target",
              "slipway",
              "Slipway (background work)",
              "SUCCESS",
              null,
              null,
              null,
              "{\"id\":\"x\"}"
            });

    assertThat(AuditLedger.hash(AuditLedger.GENESIS, row(null, null).content()))
        .isEqualTo(firstVersion);
  }

  @Test
  void anyContextColumnIsCoveredByTheHash() {
    String plain = AuditLedger.hash(AuditLedger.GENESIS, row(null, null).content());
    String withEnvironment =
        AuditLedger.hash(AuditLedger.GENESIS, row(UUID.randomUUID(), null).content());
    String withRequest =
        AuditLedger.hash(AuditLedger.GENESIS, row(null, "{\"method\":\"GET\"}").content());
    String withOtherRequest =
        AuditLedger.hash(AuditLedger.GENESIS, row(null, "{\"method\":\"POST\"}").content());

    assertThat(java.util.Set.of(plain, withEnvironment, withRequest, withOtherRequest)).hasSize(4);
  }
}
