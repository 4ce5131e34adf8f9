package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonPointersTest {

  @Test
  void escapesTildeAndSlashAsRfc6901Says() {
    assertThat(JsonPointers.escape("app.kubernetes.io/name")).isEqualTo("app.kubernetes.io~1name");
    assertThat(JsonPointers.escape("a~b")).isEqualTo("a~0b");
  }

  @Test
  void escapesTheTildeFirstSoAnEscapeInAKeyStaysLiteral() {
    assertThat(JsonPointers.escape("~1")).isEqualTo("~01");
    assertThat(JsonPointers.escape("/~")).isEqualTo("~1~0");
  }

  @Test
  void leavesOtherKeysAlone() {
    assertThat(JsonPointers.escape("")).isEmpty();
    assertThat(JsonPointers.escape("spec")).isEqualTo("spec");
  }
}
