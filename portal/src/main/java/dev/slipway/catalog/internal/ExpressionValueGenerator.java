package dev.slipway.catalog.internal;

import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenShift's {@code generate: expression} value generator (library-go {@code
 * pkg/template/generator}): {@code [ranges-and-classes]{n}} groups inside literal text, e.g. {@code
 * user[A-Z0-9]{3}}. Classes: {@code \w} = [a-zA-Z0-9_], {@code \d} = [0-9], {@code \a} =
 * [a-zA-Z0-9], {@code \A} = ASCII symbols. Counts are 1 to 255.
 */
public final class ExpressionValueGenerator {

  private static final Pattern GROUP = Pattern.compile("\\[([a-zA-Z0-9\\-\\\\]+)](\\{(\\w+)})");
  private static final Pattern PART = Pattern.compile("\\\\[wdaA]|[a-zA-Z0-9]-[a-zA-Z0-9]");
  private static final String DIGITS = "0123456789";
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String SYMBOLS = "~!@#$%^&*()-_+={}[]\\|<,>.?/\"';:`";

  private final RandomGenerator random;

  public ExpressionValueGenerator(RandomGenerator random) {
    this.random = random;
  }

  /**
   * Generates a value for the expression.
   *
   * @throws IllegalArgumentException with a message a template author can act on
   */
  public String generate(String expression) {
    Matcher group = GROUP.matcher(expression);
    StringBuilder out = new StringBuilder();
    int literalFrom = 0;
    while (group.find()) {
      out.append(expression, literalFrom, group.start());
      String alphabet = alphabet(group.group(1), expression);
      int count = count(group.group(3), expression);
      for (int i = 0; i < count; i++) {
        out.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      literalFrom = group.end();
    }
    out.append(expression.substring(literalFrom));
    return out.toString();
  }

  /** Checks an expression without generating anything; the message says what is wrong. */
  public void validate(String expression) {
    generate(expression);
  }

  private static String alphabet(String spec, String expression) {
    StringBuilder alphabet = new StringBuilder();
    Matcher part = PART.matcher(spec);
    int expected = 0;
    while (part.find()) {
      if (part.start() != expected) {
        throw malformed(expression);
      }
      String p = part.group();
      switch (p) {
        case "\\w" -> alphabet.append(LETTERS).append(DIGITS).append('_');
        case "\\d" -> alphabet.append(DIGITS);
        case "\\a" -> alphabet.append(LETTERS).append(DIGITS);
        case "\\A" -> alphabet.append(SYMBOLS);
        default -> {
          char from = p.charAt(0);
          char to = p.charAt(2);
          if (from > to) {
            throw new IllegalArgumentException(
                "invalid range " + p + " in expression '" + expression + "': it runs backwards");
          }
          for (char c = from; c <= to; c++) {
            if (Character.isLetterOrDigit(c)) {
              alphabet.append(c);
            }
          }
        }
      }
      expected = part.end();
    }
    if (expected != spec.length() || alphabet.isEmpty()) {
      throw malformed(expression);
    }
    return alphabet.toString();
  }

  private static int count(String count, String expression) {
    int n;
    try {
      n = Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid count {" + count + "} in expression '" + expression + "'");
    }
    if (n < 1 || n > 255) {
      throw new IllegalArgumentException(
          "count {" + n + "} in expression '" + expression + "' must be between 1 and 255");
    }
    return n;
  }

  private static IllegalArgumentException malformed(String expression) {
    return new IllegalArgumentException(
        "malformed expression '"
            + expression
            + "': a [...] group holds ranges such as A-Z or the classes \\w \\d \\a \\A");
  }
}
