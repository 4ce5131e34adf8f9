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
    PayloadTooLargeException tooLarge = causeOf(e, PayloadTooLargeException.class);
    if (tooLarge != null) {
      return tooLarge(tooLarge);
    }
    FieldProblem field = BodyProblems.of(e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "The request body is not JSON of the expected shape: "
                + field.field()
                + " "
                + field.message()
                + "; see README.md, REST API.");
    problem.setType(URI.create(TYPE_BASE + "unreadable-body"));
    problem.setTitle("Unreadable request body");
    problem.setProperty("errors", errors(List.of(field)));
    return problemResponse(problem);
  }

  /** A query parameter or path segment that does not convert: 400 naming it. */
  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      org.springframework.beans.TypeMismatchException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String name =
        e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException m
            ? m.getName()
            : String.valueOf(e.getPropertyName());
    return problemResponse(
        invalid(
            new InvalidRequestException(
                NulCharacters.visible(name),
                "'" + e.getValue() + "' is not " + BodyProblems.describe(e.getRequiredType()))));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      org.springframework.web.bind.MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return problemResponse(
        invalid(new InvalidRequestException(e.getParameterName(), "is required")));
  }

  /**
   * No endpoint at that path: a 404 problem detail. API paths have no trailing slash; {@code
   * vaadin.exclude-urls} keeps the UI from answering for {@code /api/**}.
   */
  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      org.springframework.web.servlet.resource.NoResourceFoundException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String path = "/" + e.getResourcePath();
    return problemResponse(
        problem(
            HttpStatus.NOT_FOUND,
            "not-found",
            "Not found",
            new NotFoundException(
                "No API endpoint at "
                    + e.getHttpMethod()
                    + " "
                    + path
                    + (path.length() > 1 && path.endsWith("/")
                        ? " (API paths have no trailing slash)"
                        : "")
                    + "; see README.md, REST API.")));
  }

  /** Any other 400 the framework answers still names what it is about. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e,
      @Nullable Object body,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (status.value() == 400
        && body instanceof ProblemDetail problem
        && (problem.getProperties() == null || !problem.getProperties().containsKey("errors"))) {
      problem.setProperty(
          "errors",
          errors(List.of(new FieldProblem("request", String.valueOf(problem.getDetail())))));
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  private static ResponseEntity<Object> problemResponse(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static <T extends Throwable> @Nullable T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
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
    ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e);
    if (e.field() != null) {
      problem.setProperty(
          "errors", errors(List.of(new FieldProblem(e.field(), String.valueOf(e.getMessage())))));
    }
    return problem;
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

  /**
   * 413, written whole with a Content-Length and flushed: the container then drops the connection
   * rather than drain the rest of an oversized body, and a chunked answer would be cut off with it.
   */
  @ExceptionHandler
  ResponseEntity<Object> tooLarge(PayloadTooLargeException e) {
    ProblemDetail problem =
        problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request too large", e);
    if (e.limit() != null) {
      problem.setProperty("limit", e.limit());
      problem.setProperty("maxBytes", e.maxBytes());
    }
    byte[] body = PROBLEM_JSON.writeValueAsBytes(problem);
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .contentLength(body.length)
        .header(HttpHeaders.CONNECTION, "close")
        .body(body);
  }

  private static final tools.jackson.databind.json.JsonMapper PROBLEM_JSON =
      tools.jackson.databind.json.JsonMapper.builder()
          .addMixIn(
              ProblemDetail.class,
              org.springframework.http.converter.json.ProblemDetailJacksonMixin.class)
          .build();

  /**
   * A problem detail as bytes, for answers written outside Spring MVC (a filter, the firewall,
   * Tomcat's error report): the same type, fields and {@code errors} as every other answer.
   */
  static byte[] json(int status, String type, String title, String detail, FieldProblem problem) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
    body.setType(URI.create(TYPE_BASE + type));
    body.setTitle(title);
    body.setProperty("errors", errors(List.of(problem)));
    return PROBLEM_JSON.writeValueAsBytes(body);
  }

  /** Writes {@link #json} as the whole answer of a servlet response. */
  static void write(
      jakarta.servlet.http.HttpServletResponse response,
      int status,
      String type,
      String title,
      String detail,
      FieldProblem problem)
      throws java.io.IOException {
    byte[] body = json(status, type, title, detail, problem);
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
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
  ResponseEntity<Object> unexpected(Exception e) {
    // A body cut off at its limit may surface wrapped by whatever was reading it.
    PayloadTooLargeException tooLarge = causeOf(e, PayloadTooLargeException.class);
    if (tooLarge != null) {
      return tooLarge(tooLarge);
    }
    if (DatabaseFaults.passing(e)) {
      // The database is restarting or unreachable: say so at once, and when to try again.
      log.warn("Answering 503: the database is unavailable ({})", e.getMessage());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, "10")
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(
              problem(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  "unavailable",
                  "Try again later",
                  new ServiceUnavailableException(
                      "The portal's database is unavailable for the moment; nothing was changed."
                          + " Try again in a few seconds.")));
    }
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
    return problemResponse(problem);
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
