package dev.slipway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The portal as the README's run command starts it (dev profile: embedded PostgreSQL, dev users,
 * sandbox cluster), on a random port with a throw-away database, a {@link TestClock} and a {@link
 * PrometheusStub}. Every test class that uses it shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "slipway.dev.database-directory=",
      // Tests run the expiry check themselves, with the clock where they want it.
      "slipway.provisioning.expiry.enabled=false",
      // Many suites request environments as the same dev users; limit tests set their own.
      "slipway.provisioning.limits.per-user=0",
      "slipway.provisioning.limits.per-team=0",
      // The actuator on a port of its own, as the Helm chart runs it.
      "management.server.port=0"
    })
@ActiveProfiles("dev")
@Import(TestClock.Config.class)
@ContextConfiguration(initializers = PrometheusStub.class)
public @interface PortalTest {}
