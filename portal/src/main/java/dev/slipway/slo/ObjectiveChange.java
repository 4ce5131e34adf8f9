package dev.slipway.slo;

import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an SRE changes of an objective, read at the edge (the API's body, the page's form); a field
 * left out keeps its value. Whether the objective takes a threshold is for {@link
 * ServiceLevels#change} to say, which knows the objective.
 *
 * @param target percent, strictly between 0 and 100
 */
public record ObjectiveChange(
    @Nullable Double target, @Nullable SloWindow window, @Nullable Threshold threshold) {

  public ObjectiveChange {
    if (target != null && Objective.targetProblem(target).isPresent()) {
      throw new IllegalArgumentException(Objective.targetProblem(target).get());
    }
  }

  /**
   * A change as the API's body writes it.
   *
   * @throws InvalidRequestException naming each field that is wrong ({@code objective}, {@code
   *     window}, {@code threshold})
   */
  public static ObjectiveChange parse(
      @Nullable Double objective, @Nullable String window, @Nullable String threshold) {
    List<FieldProblem> problems = new ArrayList<>();
    SloWindow w = null;
    if (window != null) {
      try {
        w = SloWindow.parse(window);
      } catch (IllegalArgumentException unfit) {
        problems.add(new FieldProblem("window", unfit.getMessage()));
      }
    }
    return of(objective, w, threshold, problems);
  }

  /**
   * A change as the page's form has it: the window chosen from a list, the threshold typed.
   *
   * @throws InvalidRequestException naming each field that is wrong
   */
  public static ObjectiveChange of(
      @Nullable Double objective, @Nullable SloWindow window, @Nullable String threshold) {
    return of(objective, window, threshold, new ArrayList<>());
  }

  private static ObjectiveChange of(
      @Nullable Double objective,
      @Nullable SloWindow window,
      @Nullable String threshold,
      List<FieldProblem> problems) {
    if (objective != null) {
      Objective.targetProblem(objective)
          .ifPresent(p -> problems.add(new FieldProblem("objective", p)));
    }
    Threshold t = null;
    if (threshold != null) {
      try {
        t = Threshold.parse(threshold);
      } catch (IllegalArgumentException unfit) {
        problems.add(new FieldProblem("threshold", unfit.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      // The order people read the form in.
      problems.sort(
          java.util.Comparator.comparingInt(
              p -> List.of("objective", "window", "threshold").indexOf(p.field())));
      throw new InvalidRequestException(problems);
    }
    return new ObjectiveChange(objective, window, t);
  }
}
