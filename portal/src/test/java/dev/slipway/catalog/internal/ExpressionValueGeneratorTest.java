package dev.slipway.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.Compat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checked against library-go's own cases (shared/compat .../expression-generator-cases.json). */
class ExpressionValueGeneratorTest {

  private static final JsonNode CASES =
      JsonMapper.builder()
          .build()
          .readTree(
              Compat.file("openshift-templates/semantics/expression-generator-cases.json")
                  .toFile());

  private final ExpressionValueGenerator generator = new ExpressionValueGenerator(new Random(7));

  static Stream<Arguments> valid() {
    List<Arguments> out = new ArrayList<>();
    CASES
        .path("valid")
        .forEach(
            c -> out.add(Arguments.of(c.path("from").asString(), c.path("must_match").asString())));
    return out.stream();
  }

  static Stream<String> invalid() {
    List<String> out = new ArrayList<>();
    CASES.path("invalid_must_error").forEach(c -> out.add(c.asString()));
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void generatesValuesMatchingTheExpression(String from, String mustMatch) {
    for (int i = 0; i < 50; i++) {
      assertThat(generator.generate(from)).matches(mustMatch);
    }
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsMalformedExpressions(String from) {
    assertThatThrownBy(() -> generator.generate(from))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(from);
  }

  @Test
  void theCasesFileIsNotEmpty() {
    assertThat(valid()).hasSizeGreaterThan(5);
    assertThat(invalid()).hasSize(4);
  }

  @Test
  void rangesIncludeTheirLastCharacter() {
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      seen.append(generator.generate("[a-c]{1}"));
    }
    assertThat(seen.toString()).contains("a", "b", "c").matches("[abc]+");
  }
}
