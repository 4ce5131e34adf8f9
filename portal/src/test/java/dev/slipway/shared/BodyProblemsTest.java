package dev.slipway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** How a body the strict reader refuses is named, field by field, without a server. */
class BodyProblemsTest {

  record Request(
      @Nullable String name,
      @Nullable String ttl,
      @Nullable Integer version,
      @Nullable Duration maxTtl,
      @Nullable Map<String, String> parameters) {}

  static final JsonMapper STRICT = StrictJson.configure(JsonMapper.builder()).build();

  static FieldProblem problem(String json) {
    Throwable refused = catchThrowable(() -> STRICT.readValue(json, Request.class));
    assertThat(refused).as(json).isNotNull();
    return BodyProblems.of(refused);
  }

  @Test
  void readsAWellFormedRequest() {
    Request r =
        STRICT.readValue(
            "{\"name\": \"a\", \"ttl\": \"P1D\", \"maxTtl\": \"PT12H\", \"parameters\": {\"X\": \"1\"}}",
            Request.class);
    assertThat(r.maxTtl()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void namesANumberWhereAStringBelongs() {
    assertThat(problem("{\"ttl\": 86400}"))
        .isEqualTo(new FieldProblem("ttl", "must be a string, not a number"));
    assertThat(problem("{\"parameters\": {\"REPLICAS\": 2}}").field())
        .isEqualTo("parameters.REPLICAS");
  }

  @Test
  void neverReadsANumberAsSeconds() {
    FieldProblem p = problem("{\"maxTtl\": 86400}");
    assertThat(p.field()).isEqualTo("maxTtl");
    assertThat(p.message()).contains("ISO-8601", "not read as seconds");
    assertThat(problem("{\"maxTtl\": \"3 days\"}").message()).contains("\"3 days\"");
  }

  @Test
  void namesANulInAValueOrAKey() {
    assertThat(problem("{\"name\": \"a\\u0000\"}"))
        .isEqualTo(new FieldProblem("name", NulCharacters.MESSAGE));
    assertThat(problem("{\"parameters\": {\"X\": \"\\u0000\"}}").field()).isEqualTo("parameters.X");
    assertThat(problem("{\"parameters\": {\"X\\u0000\": \"v\"}}").message()).contains("NUL");
  }

  @Test
  void namesUnknownFieldsAndWhatIsKnown() {
    FieldProblem p = problem("{\"nmae\": \"a\"}");
    assertThat(p.field()).isEqualTo("nmae");
    assertThat(p.message()).contains("expected one of:", "name", "ttl");
  }

  @Test
  void namesAKeyGivenTwice() {
    assertThat(problem("{\"name\": \"a\", \"name\": \"b\"}"))
        .isEqualTo(new FieldProblem("name", "is given more than once"));
    assertThat(problem("{\"parameters\": {\"X\": \"1\", \"X\": \"2\"}}").field())
        .isEqualTo("parameters.X");
  }

  @Test
  void namesWrongTypesAndBrokenJson() {
    assertThat(problem("{\"version\": \"abc\"}"))
        .isEqualTo(new FieldProblem("version", "must be a whole number"));
    assertThat(problem("[]")).isEqualTo(new FieldProblem("body", "must be a JSON object"));
    assertThat(problem("{\"name\": ").field()).isEqualTo("body");
    assertThat(problem("{\"name\": ").message()).startsWith("is not valid JSON");
  }
}
