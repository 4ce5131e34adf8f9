package dev.slipway.security.ui;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.NotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class LoginViewTest {

  @Test
  void outsideTheDevProfileTheLoginPageIsNotFound() {
    MockEnvironment production = new MockEnvironment();
    production.setActiveProfiles("prod");
    BeforeEnterEvent event = mock(BeforeEnterEvent.class);

    new LoginView(production).beforeEnter(event);

    verify(event).rerouteToError(NotFoundException.class);
  }

  @Test
  void inTheDevProfileItShowsTheForm() {
    MockEnvironment dev = new MockEnvironment();
    dev.setActiveProfiles("dev");
    BeforeEnterEvent event = mock(BeforeEnterEvent.class);
    when(event.getLocation()).thenReturn(new Location("login"));

    new LoginView(dev).beforeEnter(event);

    verify(event, never()).rerouteToError(any(Class.class));
  }
}
