package dev.slipway.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A rule: a pure class that decides (a policy, a table, a plan, a generator) and does no I/O. It
 * imports no Spring, JDBC, cluster client, HTTP or clock; whatever it needs comes in as values
 * ({@code Instant now} included), so a plain unit test covers it. {@code ModularityTest} holds
 * every class so marked to that.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Pure {}
