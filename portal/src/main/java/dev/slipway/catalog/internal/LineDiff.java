package dev.slipway.catalog.internal;

import java.util.ArrayList;
import java.util.List;

/** A line diff (longest common subsequence), enough for templates of a few thousand lines. */
public final class LineDiff {

  private LineDiff() {}

  /** One line: {@code +} only in the new text, {@code -} only in the old, {@code ' '} in both. */
  public record Line(char change, String text) {}

  public static List<Line> diff(String before, String after) {
    String[] a = before.split("\n", -1);
    String[] b = after.split("\n", -1);
    int[][] common = new int[a.length + 1][b.length + 1];
    for (int i = a.length - 1; i >= 0; i--) {
      for (int j = b.length - 1; j >= 0; j--) {
        common[i][j] =
            a[i].equals(b[j])
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<Line> lines = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      if (a[i].equals(b[j])) {
        lines.add(new Line(' ', a[i]));
        i++;
        j++;
      } else if (common[i + 1][j] >= common[i][j + 1]) {
        lines.add(new Line('-', a[i++]));
      } else {
        lines.add(new Line('+', b[j++]));
      }
    }
    while (i < a.length) {
      lines.add(new Line('-', a[i++]));
    }
    while (j < b.length) {
      lines.add(new Line('+', b[j++]));
    }
    if (!lines.isEmpty() && lines.getLast().text().isEmpty() && lines.getLast().change() == ' ') {
      lines.removeLast();
    }
    return lines;
  }
}
