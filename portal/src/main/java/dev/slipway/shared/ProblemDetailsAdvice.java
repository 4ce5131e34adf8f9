package dev.slipway.shared;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns the errors of every REST controller into RFC 9457 problem details. */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.LOWEST_PRECEDENCE)
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  static final String TYPE_BASE = "https://slipway.dev/problems/";

  private final org.springframework.context.ApplicationEventPublisher events;

  ProblemDetailsAdvice(org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    // Name the field as the request spells it; Jackson's own words name Java types.
    String why = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof tools.jackson.databind.DatabindException bind && !bind.getPath().isEmpty()) {
        String field =
            bind.getPath().stream()
                .map(
                    r ->
                        r.getPropertyName() != null
                            ? r.getPropertyName()
                            : "[" + r.getIndex() + "]")
                .reduce((x, y) -> y.startsWith("[") ? x + y : x + "." + y)
                .orElse("");
        why = ": " + field + " has a value of the wrong type or form";
        break;
      }
      if (t instanceof tools.jackson.core.exc.StreamReadException) {
        why = ": it is not valid JSON";
      }
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "The request body is not JSON of the expected shape"
                + why
                + "; see README.md, REST API.");
    problem.setType(URI.create(TYPE_BASE + "unreadable-body"));
    problem.setTitle("Unreadable request body");
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  @ExceptionHandler
  ProblemDetail invalid(InvalidRequestException e) {
    ProblemDetail problem =
        problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e);
    problem.setProperty("errors", errors(e.problems()));
    return problem;
  }

  @ExceptionHandler
  ProblemDetail conflict(ConflictException e) {
    ProblemDetail problem = problem(HttpStatus.CONFLICT, "conflict", "Conflict", e);
    problem.setProperty("errors", errors(List.of(new FieldProblem(e.field(), e.getMessage()))));
    return problem;
  }

  @ExceptionHandler
  ProblemDetail notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e);
  }

  @ExceptionHandler
  ProblemDetail forbidden(
      AccessDeniedException e, jakarta.servlet.http.HttpServletRequest request) {
    events.publishEvent(
        new AccessRefused(
            request.getMethod() + " " + request.getRequestURI(), String.valueOf(e.getMessage())));
    return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e);
  }

  @ExceptionHandler
  ProblemDetail limit(LimitExceededException e) {
    ProblemDetail problem =
        problem(HttpStatus.TOO_MANY_REQUESTS, "limit-exceeded", "Limit reached", e);
    problem.setProperty("limit", e.limit());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail frozen(ReleaseFrozenException e) {
    ProblemDetail problem = problem(HttpStatus.LOCKED, "release-frozen", "Release frozen", e);
    e.details().forEach(problem::setProperty);
    return problem;
  }

  @ExceptionHandler
  ProblemDetail tooLarge(PayloadTooLargeException e) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request too large", e);
  }

  @ExceptionHandler
  ResponseEntity<ProblemDetail> unavailable(ServiceUnavailableException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "60")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Try again later", e));
  }

  /**
   * Anything unforeseen: a 500 problem detail that says nothing internal, with a reference to find
   * the logged stack trace by.
   */
  @ExceptionHandler
  ProblemDetail unexpected(Exception e) {
    String reference = UUID.randomUUID().toString();
    log.error("Unexpected error, reference {}", reference, e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "Something went wrong on our side. Quote reference "
                + reference
                + " when you report it.");
    problem.setType(URI.create(TYPE_BASE + "internal-error"));
    problem.setTitle("Internal error");
    problem.setProperty("reference", reference);
    return problem;
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, @Nullable Exception e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(status, e == null ? title : e.getMessage());
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(title);
    return problem;
  }

  private static List<Map<String, String>> errors(List<FieldProblem> problems) {
    return problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList();
  }
}
