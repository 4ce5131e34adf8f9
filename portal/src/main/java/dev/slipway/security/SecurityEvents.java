package dev.slipway.security;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Sign-ins and failed sign-ins, as the portal's own events for the audit ledger. Only interactive
 * sign-ins count (the login form, OIDC): API calls authenticate on every request, and the ledger
 * records what they do instead.
 */
@Component
public class SecurityEvents {

  /** Someone signed in to the portal. */
  public record SignedIn(String subject, String how) {}

  /** A sign-in was refused. */
  public record SignInFailed(String username, String reason) {}

  private final ApplicationEventPublisher events;

  SecurityEvents(ApplicationEventPublisher events) {
    this.events = events;
  }

  @EventListener
  void signedIn(InteractiveAuthenticationSuccessEvent e) {
    events.publishEvent(
        new SignedIn(
            e.getAuthentication().getName(), e.getAuthentication().getClass().getSimpleName()));
  }

  @EventListener
  void failed(AbstractAuthenticationFailureEvent e) {
    events.publishEvent(new SignInFailed(who(e), e.getException().getMessage()));
  }

  /**
   * Who tried, as far as it can be said without repeating a credential: a refused bearer token's
   * "name" is the token itself, so it is recorded as a short fingerprint instead.
   */
  static String who(AbstractAuthenticationFailureEvent e) {
    if (e.getAuthentication()
        instanceof
        org.springframework.security.oauth2.server.resource.authentication
                .BearerTokenAuthenticationToken
            bearer) {
      return "bearer token sha256:" + fingerprint(bearer.getToken());
    }
    return String.valueOf(e.getAuthentication().getName());
  }

  static String fingerprint(String token) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
