package dev.slipway.slo;

import dev.slipway.shared.JsonPointers;
import dev.slipway.shared.Pure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A template's {@code slo} section: Slipway's own small format (see {@code
 * adr/0008-template-slo-format.md}; the fields are in provisioning-templates/README.md, "The slo
 * section"), read into {@link Objective}s. One walk serves both moments: the catalog's import
 * checks the section as written, where a value may still be a parameter reference, and every render
 * reads it once parameters are substituted. Pure: no Spring, no I/O.
 *
 * <pre>{@code
 * slo:
 *   objectives:
 *     - name: latency-p99         # DNS-1123 label, unique
 *       indicator: latency        # availability | latency | log-processing
 *       objective: 99             # percent, 0 < objective < 100
 *       window: 30d               # 30d (default) or 28d
 *       threshold: 300ms          # latency and log-processing only
 * }</pre>
 */
@Pure
public final class SloSection {

  private SloSection() {}

  private static final Set<String> SECTION_FIELDS = Set.of("objectives");
  private static final Set<String> OBJECTIVE_FIELDS =
      Set.of("name", "indicator", "objective", "window", "threshold");
  private static final Pattern DNS_1123_LABEL =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /**
   * One problem with a section.
   *
   * @param pointer a JSON pointer into the section ({@code /objectives/0/window}); empty for the
   *     section itself
   */
  public record Problem(String pointer, String message) {

    public Problem {
      Objects.requireNonNull(pointer, "pointer");
      Objects.requireNonNull(message, "message");
    }

    /** The field as a path, as people read it: {@code objectives[0].window}. */
    public String field() {
      return pointer.replaceAll("/([0-9]+)", "[$1]").replaceFirst("^/", "").replace('/', '.');
    }
  }

  /** A section read: its objectives when it has no problems. */
  public record Read(List<Objective> objectives, List<Problem> problems) {

    public Read {
      objectives = List.copyOf(objectives);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Checks a section as a template writes it. A value the template leaves to a parameter is checked
   * once substituted, by {@link #read}.
   *
   * @param section the {@code slo} node; missing or null when the template has none
   * @param parameterReference whether a value is a parameter reference
   * @return every problem, empty when there is none
   */
  public static List<Problem> check(JsonNode section, Predicate<JsonNode> parameterReference) {
    List<Problem> problems = new ArrayList<>();
    walk(section, parameterReference, false, problems);
    return problems;
  }

  /**
   * Reads a section whose parameters are substituted, checking it as {@link #check} does; a number
   * a parameter gave as text is read as the number.
   *
   * @param section the {@code slo} node; missing or null when the template has none
   */
  public static Read read(JsonNode section) {
    List<Problem> problems = new ArrayList<>();
    List<Objective> objectives = walk(section, value -> false, true, problems);
    return problems.isEmpty() ? new Read(objectives, List.of()) : new Read(List.of(), problems);
  }

  private static List<Objective> walk(
      JsonNode section,
      Predicate<JsonNode> parameterReference,
      boolean substituted,
      List<Problem> problems) {
    List<Objective> out = new ArrayList<>();
    if (section.isMissingNode() || section.isNull()) {
      return out;
    }
    if (!(section instanceof ObjectNode)) {
      problems.add(new Problem("", "slo must be a mapping with objectives"));
      return out;
    }
    unknownFields(section, "", SECTION_FIELDS, " in slo", problems);
    JsonNode objectives = section.path("objectives");
    if (!objectives.isArray() || objectives.isEmpty()) {
      problems.add(new Problem("/objectives", "slo needs at least one objective"));
      return out;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < objectives.size(); i++) {
      String path = "/objectives/" + i;
      JsonNode o = objectives.get(i);
      if (!(o instanceof ObjectNode)) {
        problems.add(new Problem(path, "an objective must be a mapping"));
        continue;
      }
      int before = problems.size();
      unknownFields(o, path, OBJECTIVE_FIELDS, " in an objective", problems);
      String name = o.path("name").asString("");
      if (!DNS_1123_LABEL.matcher(name).matches()) {
        problems.add(new Problem(path + "/name", "'" + name + "' is not a DNS-1123 label"));
      } else if (!names.add(name)) {
        problems.add(new Problem(path + "/name", "duplicate objective name " + name));
      }
      Indicator indicator = null;
      try {
        indicator = Indicator.parse(o.path("indicator").asString(""));
      } catch (IllegalArgumentException unknown) {
        problems.add(new Problem(path + "/indicator", unknown.getMessage()));
      }
      Double target = target(o.path("objective"), path, parameterReference, substituted, problems);
      SloWindow window = window(o.path("window"), path, parameterReference, problems);
      Threshold threshold = null;
      boolean deferred = target == null || window == null;
      JsonNode t = o.path("threshold");
      Optional<String> misplaced =
          indicator == null ? Optional.empty() : indicator.thresholdProblem(!t.isMissingNode());
      if (misplaced.isPresent()) {
        problems.add(new Problem(path + "/threshold", misplaced.get()));
      } else if (!t.isMissingNode() && parameterReference.test(t)) {
        deferred = true;
      } else if (!t.isMissingNode()) {
        try {
          threshold = Threshold.parse(t.asString(String.valueOf(t)));
        } catch (IllegalArgumentException unfit) {
          problems.add(new Problem(path + "/threshold", unfit.getMessage()));
        }
      }
      if (problems.size() == before && !deferred && indicator != null) {
        out.add(new Objective(name, indicator, target, window, threshold));
      }
    }
    return out;
  }

  /** The target, or null when a parameter gives it or it is wrong (a problem then). */
  private static @Nullable Double target(
      JsonNode value,
      String path,
      Predicate<JsonNode> parameterReference,
      boolean substituted,
      List<Problem> problems) {
    String at = path + "/objective";
    double percent;
    if (value.isNumber()) {
      percent = value.doubleValue();
    } else if (parameterReference.test(value)) {
      return null;
    } else if (substituted && value.isString()) {
      // ${TARGET} substitutes text; ${{TARGET}} would have given a number.
      try {
        percent = Double.parseDouble(value.asString().strip());
      } catch (NumberFormatException e) {
        problems.add(new Problem(at, "'" + value.asString() + "' is not a number"));
        return null;
      }
    } else {
      problems.add(new Problem(at, "the objective is a number of percent"));
      return null;
    }
    Optional<String> problem = Objective.targetProblem(percent);
    if (problem.isPresent()) {
      problems.add(new Problem(at, problem.get()));
      return null;
    }
    return percent;
  }

  /** The window ({@link SloWindow#DEFAULT} when absent), or null as for the target. */
  private static @Nullable SloWindow window(
      JsonNode value, String path, Predicate<JsonNode> parameterReference, List<Problem> problems) {
    if (value.isMissingNode()) {
      return SloWindow.DEFAULT;
    }
    if (parameterReference.test(value)) {
      return null;
    }
    try {
      return SloWindow.parse(value.asString(String.valueOf(value)));
    } catch (IllegalArgumentException unfit) {
      problems.add(new Problem(path + "/window", unfit.getMessage()));
      return null;
    }
  }

  private static void unknownFields(
      JsonNode node, String path, Set<String> known, String where, List<Problem> problems) {
    node.forEachEntry(
        (k, v) -> {
          if (!known.contains(k)) {
            problems.add(
                new Problem(path + "/" + JsonPointers.escape(k), "unknown field " + k + where));
          }
        });
  }
}
