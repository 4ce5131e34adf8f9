package dev.slipway.catalog;

/**
 * One problem with an imported template.
 *
 * @param path where, as a JSON pointer into the submitted document ({@code /objects/2/kind}; empty
 *     for the document as a whole)
 * @param warning true when the template is accepted all the same
 */
public record TemplateProblem(String path, String message, boolean warning) {

  public static TemplateProblem error(String path, String message) {
    return new TemplateProblem(path, message, false);
  }

  public static TemplateProblem warning(String path, String message) {
    return new TemplateProblem(path, message, true);
  }

  @Override
  public String toString() {
    return (path.isEmpty() ? "document" : path) + ": " + message;
  }
}
