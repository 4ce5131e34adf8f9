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
    events.publishEvent(
        new SignInFailed(
            String.valueOf(e.getAuthentication().getName()), e.getException().getMessage()));
  }
}
