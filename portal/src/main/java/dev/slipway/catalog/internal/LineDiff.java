package dev.slipway.catalog.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff: the common head and tail are matched first, and the changed middle by longest common
 * subsequence when it is small enough. A larger middle is shown as removed-then-added, so memory
 * stays bounded whatever the input.
 */
public final class LineDiff {

  /** Cells of the LCS table at most (4 MB of ints); beyond it, no alignment of the middle. */
  static final long MAX_CELLS = 1_000_000;

  private LineDiff() {}

  /** One line: {@code +} only in the new text, {@code -} only in the old, {@code ' '} in both. */
  public record Line(char change, String text) {}

  public static List<Line> diff(String before, String after) {
    String[] a = before.split("\n", -1);
    String[] b = after.split("\n", -1);
    int head = 0;
    while (head < a.length && head < b.length && a[head].equals(b[head])) {
      head++;
    }
    int tail = 0;
    while (tail < a.length - head
        && tail < b.length - head
        && a[a.length - 1 - tail].equals(b[b.length - 1 - tail])) {
      tail++;
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < head; i++) {
      lines.add(new Line(' ', a[i]));
    }
    middle(a, head, a.length - tail, b, head, b.length - tail, lines);
    for (int i = a.length - tail; i < a.length; i++) {
      lines.add(new Line(' ', a[i]));
    }
    if (!lines.isEmpty() && lines.getLast().text().isEmpty() && lines.getLast().change() == ' ') {
      lines.removeLast();
    }
    return lines;
  }

  private static void middle(
      String[] a, int aFrom, int aTo, String[] b, int bFrom, int bTo, List<Line> lines) {
    int n = aTo - aFrom;
    int m = bTo - bFrom;
    if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
      for (int i = aFrom; i < aTo; i++) {
        lines.add(new Line('-', a[i]));
      }
      for (int j = bFrom; j < bTo; j++) {
        lines.add(new Line('+', b[j]));
      }
      return;
    }
    int[][] common = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        common[i][j] =
            a[aFrom + i].equals(b[bFrom + j])
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n && j < m) {
      if (a[aFrom + i].equals(b[bFrom + j])) {
        lines.add(new Line(' ', a[aFrom + i]));
        i++;
        j++;
      } else if (common[i + 1][j] >= common[i][j + 1]) {
        lines.add(new Line('-', a[aFrom + i++]));
      } else {
        lines.add(new Line('+', b[bFrom + j++]));
      }
    }
    while (i < n) {
      lines.add(new Line('-', a[aFrom + i++]));
    }
    while (j < m) {
      lines.add(new Line('+', b[bFrom + j++]));
    }
  }
}
