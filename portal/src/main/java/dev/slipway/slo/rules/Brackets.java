package dev.slipway.slo.rules;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * A light syntax check of a PromQL query: brackets are balanced outside string literals and
 * comments. Sloth parses queries with Prometheus' parser; this catches the most common slips (a
 * missing parenthesis or brace) without one.
 */
final class Brackets {

  private Brackets() {}

  /** What is wrong with the brackets, or null when they are balanced. */
  static @Nullable String check(String query) {
    Deque<Character> open = new ArrayDeque<>();
    Deque<Integer> openedAt = new ArrayDeque<>();
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      switch (c) {
        case '"', '\'', '`' -> {
          int end = endOfString(query, i);
          if (end < 0) {
            return "the string starting at offset " + i + " is not closed";
          }
          i = end;
        }
        case '#' -> {
          int newline = query.indexOf('\n', i);
          i = newline < 0 ? query.length() : newline;
        }
        case '(', '[', '{' -> {
          open.push(c);
          openedAt.push(i);
        }
        case ')', ']', '}' -> {
          char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
          if (open.isEmpty() || open.peek() != expected) {
            return "unexpected '" + c + "' at offset " + i;
          }
          open.pop();
          openedAt.pop();
        }
        default -> {}
      }
    }
    if (!open.isEmpty()) {
      return "'" + open.peek() + "' at offset " + openedAt.peek() + " is not closed";
    }
    return null;
  }

  private static int endOfString(String query, int start) {
    char quote = query.charAt(start);
    for (int i = start + 1; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '\\' && quote != '`') {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    return -1;
  }
}
