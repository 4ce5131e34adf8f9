package dev.slipway.catalog;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The catalog's own refusals as problem details: where in the document, which parameter. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CatalogProblems {

  @ExceptionHandler
  ProblemDetail rejected(TemplateRejectedException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setType(URI.create("https://slipway.dev/problems/invalid-template"));
    problem.setTitle("Invalid template");
    List<Map<String, Object>> errors =
        e.problems().stream()
            .map(
                p -> {
                  Map<String, Object> error = new LinkedHashMap<>();
                  error.put("path", p.path());
                  error.put("message", p.message());
                  error.put("severity", p.warning() ? "warning" : "error");
                  return error;
                })
            .toList();
    problem.setProperty("errors", errors);
    return problem;
  }

  @ExceptionHandler
  ProblemDetail cannotRender(TemplateRenderException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            e.problems().stream()
                .map(p -> "parameters." + p.parameter() + ": " + p.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("the template cannot be rendered"));
    problem.setType(URI.create("https://slipway.dev/problems/invalid-request"));
    problem.setTitle("Invalid request");
    problem.setProperty(
        "errors",
        e.problems().stream()
            .map(p -> Map.of("field", "parameters." + p.parameter(), "message", p.message()))
            .toList());
    return problem;
  }
}
