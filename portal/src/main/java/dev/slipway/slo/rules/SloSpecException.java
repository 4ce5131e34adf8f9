package dev.slipway.slo.rules;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** SLO specs were refused. Each problem says where (source, document, field path) and why. */
public class SloSpecException extends RuntimeException {

  private final List<Problem> problems;

  public SloSpecException(List<Problem> problems) {
    super(
        "Invalid SLO spec: "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a refusal needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /**
   * One problem with a spec.
   *
   * @param source the name of the input it was read from
   * @param document the YAML document within the source, counting from 1, empty documents included
   *     (0 when the problem is not about one document)
   * @param path the field, as a path from the document's root ({@code slos[1].objective}, {@code
   *     spec.service}); empty for the document as a whole
   * @param message what is wrong, for a person
   */
  public record Problem(String source, int document, String path, String message) {

    public Problem {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      String where = document > 0 ? source + " (document " + document + ")" : source;
      return where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
  }
}
