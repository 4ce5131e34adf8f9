package dev.slipway.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** An import was refused; nothing was stored. Each problem says where and why. */
public class TemplateRejectedException extends RuntimeException {

  private final List<TemplateProblem> problems;

  public TemplateRejectedException(List<TemplateProblem> problems) {
    super(
        "The template was not imported: "
            + problems.stream()
                .filter(p -> !p.warning())
                .map(TemplateProblem::toString)
                .collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<TemplateProblem> problems() {
    return problems;
  }
}
