package dev.slipway;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The portal as the README's run command starts it (dev profile: embedded PostgreSQL, dev users,
 * sandbox cluster), on a random port with a throw-away database. Every test class that uses it
 * shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "slipway.dev.database-directory=")
@ActiveProfiles("dev")
public @interface PortalTest {}
