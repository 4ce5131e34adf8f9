package dev.slipway.catalog;

import java.util.List;

/**
 * What changed between two versions of a template, as lines of its parameters and objects (in
 * YAML): {@code +} added in {@code to}, {@code -} removed, {@code ' '} unchanged context.
 */
public record TemplateDiff(String name, int from, int to, List<Line> lines) {

  public record Line(char change, String text) {}

  public boolean identical() {
    return lines.stream().allMatch(l -> l.change() == ' ');
  }
}
