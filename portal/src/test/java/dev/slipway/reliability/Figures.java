package dev.slipway.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one scenario, written as a Markdown section to {@code
 * target/reliability/<scenario>.md} whether its promises held or not, so a failing run still says
 * what happened.
 */
final class Figures {

  final String id;
  final String title;
  final String setup;
  private final Map<String, String> rows = new LinkedHashMap<>();
  private final List<String> broken = new ArrayList<>();
  private final long started = System.nanoTime();

  Figures(String id, String title, String setup) {
    this.id = id;
    this.title = title;
    this.setup = setup;
  }

  Figures put(String what, Object value) {
    rows.put(what, String.valueOf(value));
    return this;
  }

  /** A promise that did not hold, in words. */
  void broken(String promise) {
    broken.add(promise);
  }

  List<String> broken() {
    return List.copyOf(broken);
  }

  double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("### ").append(title).append("\n\n").append(setup).append("\n\n");
    out.append("| figure | value |\n|---|---|\n");
    rows.forEach(
        (k, v) ->
            out.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
    out.append("| scenario wall time | ")
        .append(String.format(java.util.Locale.ROOT, "%.0f s", seconds()))
        .append(" |\n\n");
    if (broken.isEmpty()) {
      out.append("**Result: every promise held.**\n\n");
    } else {
      out.append("**Result: ").append(broken.size()).append(" promise(s) broken:**\n\n");
      broken.forEach(b -> out.append("- ").append(b.replace("\n", " ")).append("\n"));
      out.append("\n");
    }
    return out.toString();
  }

  void write(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(id + ".md"), markdown());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
