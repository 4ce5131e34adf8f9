package dev.slipway.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/** Answers an unauthenticated API call with a 401 problem detail and the scheme to use. */
final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private final String challenge;

  ProblemAuthenticationEntryPoint(String challenge) {
    this.challenge = challenge;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader("WWW-Authenticate", challenge);
    response.setContentType("application/problem+json");
    response
        .getWriter()
        .write(
            """
            {"type":"https://slipway.dev/problems/unauthenticated","title":"Unauthenticated",\
            "status":401,"detail":"Authenticate with %s credentials to use the Slipway API."}"""
                .formatted(challenge.startsWith("Basic") ? "HTTP Basic" : "a bearer token"));
  }
}
