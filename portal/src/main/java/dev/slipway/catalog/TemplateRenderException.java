package dev.slipway.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** The template cannot be rendered with the given parameters; each problem names its parameter. */
public class TemplateRenderException extends RuntimeException {

  private final List<ParameterProblem> problems;

  public TemplateRenderException(List<ParameterProblem> problems) {
    super(
        problems.stream()
            .map(p -> p.parameter() + ": " + p.message())
            .collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<ParameterProblem> problems() {
    return problems;
  }
}
