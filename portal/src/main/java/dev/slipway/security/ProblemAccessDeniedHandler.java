package dev.slipway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/** Answers a refused API call with a 403 problem detail. */
final class ProblemAccessDeniedHandler implements AccessDeniedHandler {

  private final org.springframework.context.ApplicationEventPublisher events;

  ProblemAccessDeniedHandler(org.springframework.context.ApplicationEventPublisher events) {
    this.events = events;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    events.publishEvent(
        new dev.slipway.shared.AccessRefused(
            request.getMethod() + " " + request.getRequestURI(), String.valueOf(e.getMessage())));
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/problem+json");
    response
        .getWriter()
        .write(
            """
            {"type":"https://slipway.dev/problems/forbidden","title":"Forbidden","status":403,\
            "detail":"Your roles do not allow this. Curating templates takes the SRE role."}""");
  }
}
