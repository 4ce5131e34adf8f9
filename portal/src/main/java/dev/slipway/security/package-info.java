/**
 * Who the user is and what they may do: OIDC login and JWT for the API in production, dev users
 * with a login form and HTTP Basic in the dev profile, groups mapped to roles.
 */
@NullMarked
package dev.slipway.security;

import org.jspecify.annotations.NullMarked;
