package dev.slipway.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.slipway.security.ui.LoginView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two filter chains: a stateless one for {@code /api/**} (bearer JWT, or HTTP Basic in dev) and
 * Vaadin's for the UI (OIDC login, or the dev login form).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

  static final String REGISTRATION_ID = "slipway";

  @Bean
  GroupRoleMapper groupRoleMapper(SecurityProperties properties) {
    return new GroupRoleMapper(properties.roleGroups());
  }

  /**
   * The actuator. On a management port of its own (as the Helm chart runs it: probes and Prometheus
   * reach it, the Route does not), every endpoint is open there; on the application's port only
   * health is.
   */
  @Bean
  @Order(0)
  SecurityFilterChain managementChain(
      HttpSecurity http, org.springframework.core.env.Environment environment) throws Exception {
    boolean ownPort =
        org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType.get(
                environment)
            == org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType
                .DIFFERENT;
    return http.securityMatcher(
            ownPort
                ? org.springframework.boot.security.autoconfigure.actuate.web.servlet
                    .EndpointRequest.toAnyEndpoint()
                : org.springframework.boot.security.autoconfigure.actuate.web.servlet
                    .EndpointRequest.to("health"))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .sessionManagement(m -> m.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .csrf(c -> c.disable())
        .build();
  }

  private static HttpSecurity apiBase(HttpSecurity http) throws Exception {
    return http.securityMatcher("/api/**")
        .authorizeHttpRequests(
            a ->
                // Curation is for SREs; refused here, before a body is read. The services check
                // again, for the views.
                a.requestMatchers(HttpMethod.POST, "/api/v1/templates")
                    .hasRole(Role.SRE.name())
                    .requestMatchers(HttpMethod.PUT, "/api/v1/templates/**")
                    .hasRole(Role.SRE.name())
                    .requestMatchers(
                        HttpMethod.GET, "/api/v1/templates/*/versions", "/api/v1/templates/*/diff")
                    .hasRole(Role.SRE.name())
                    .anyRequest()
                    .authenticated())
        .exceptionHandling(
            e ->
                e.accessDeniedHandler(
                    new ProblemAccessDeniedHandler(
                        http.getSharedObject(
                            org.springframework.context.ApplicationContext.class))))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // Stateless: credentials travel in each request's Authorization header, never in a
        // cookie, so there is no session for a cross-site request to ride on.
        .csrf(c -> c.disable());
  }

  private static HttpSecurity uiBase(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(
        a ->
            a.requestMatchers("/actuator/health/**", "/styles/**", "/images/**", "/error")
                .permitAll()
                // The API's description, for anyone (a code generator, a gateway): it says only
                // what the README says and holds no data. The endpoints it describes stay behind
                // the API chain's authentication; reading the document calls none of them.
                .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**")
                .permitAll());
  }

  /** The dev profile: three users named after their roles, password = user name. */
  @Configuration(proxyBeanMethods = false)
  @Profile("dev")
  static class Dev {

    static final List<String> USERS = List.of("developer", "teammate", "sre", "auditor");

    /** The dev users' team: developer and teammate share it, so their environments too. */
    static final String DEV_TEAM = "team-payments";

    /**
     * The dev users' passwords are public (their names), so hashing them hard protects nothing;
     * BCrypt's lowest cost keeps every Basic-authenticated API call cheap in dev, tests and the
     * benchmark (cost 10 takes tens of milliseconds of CPU per request).
     */
    @Bean
    PasswordEncoder devPasswordEncoder() {
      return new BCryptPasswordEncoder(4);
    }

    @Bean
    UserDetailsService devUsers(PasswordEncoder encoder) {
      return new InMemoryUserDetailsManager(
          USERS.stream()
              .map(
                  name ->
                      User.withUsername(name)
                          .password(encoder.encode(name))
                          .authorities(devAuthorities(name))
                          .build())
              .toList());
    }

    private static String[] devAuthorities(String name) {
      Role role =
          name.equals("teammate")
              ? Role.DEVELOPER
              : Role.valueOf(name.toUpperCase(java.util.Locale.ROOT));
      return role == Role.DEVELOPER
          ? new String[] {role.authority(), CurrentUsers.GROUP_AUTHORITY + DEV_TEAM}
          : new String[] {role.authority()};
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
      return apiBase(http)
          .httpBasic(
              b ->
                  b.authenticationEntryPoint(
                      new ProblemAuthenticationEntryPoint("Basic realm=\"slipway\"")))
          .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain uiChain(HttpSecurity http) throws Exception {
      return uiBase(http)
          // Swagger UI (dev only: springdoc.swagger-ui.enabled): a static page that calls the
          // API with the dev users' Basic credentials, which the API chain checks as ever.
          .authorizeHttpRequests(
              a ->
                  a.requestMatchers(HttpMethod.GET, "/swagger-ui.html", "/swagger-ui/**")
                      .permitAll())
          .with(VaadinSecurityConfigurer.vaadin(), v -> v.loginView(LoginView.class))
          .build();
    }
  }

  /** Everything but the dev profile: an OIDC provider signs people and pipelines in. */
  @Configuration(proxyBeanMethods = false)
  @Profile("!dev")
  static class Oidc {

    @Bean
    ClientRegistrationRepository clientRegistrations(SecurityProperties properties) {
      SecurityProperties.Oidc oidc = properties.oidc();
      ClientRegistration registration =
          ClientRegistrations.fromIssuerLocation(required(oidc.issuerUri(), "issuer-uri"))
              .registrationId(REGISTRATION_ID)
              .clientId(required(oidc.clientId(), "client-id"))
              .clientSecret(required(oidc.clientSecret(), "client-secret"))
              .scope(oidc.scopes())
              .build();
      return new InMemoryClientRegistrationRepository(registration);
    }

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
      String issuer = required(properties.oidc().issuerUri(), "issuer-uri");
      NimbusJwtDecoder decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
      List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
      validators.add(JwtValidators.createDefaultWithIssuer(issuer));
      // A token is for Slipway only if it names Slipway as its audience: by default the portal's
      // client id, so a token issued to another client of the same issuer is refused.
      String audience = properties.oidc().audience();
      String expected =
          audience != null && !audience.isBlank()
              ? audience
              : required(properties.oidc().clientId(), "client-id");
      validators.add(
          new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(expected)));
      decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
      return decoder;
    }

    @Bean
    GrantedAuthoritiesMapper oidcAuthoritiesMapper(
        SecurityProperties properties, GroupRoleMapper roles) {
      return authorities -> {
        Collection<GrantedAuthority> mapped = new HashSet<>(authorities);
        for (GrantedAuthority authority : authorities) {
          if (authority instanceof OidcUserAuthority oidc) {
            Object claim = oidc.getAttributes().get(properties.groupsClaim());
            if (claim == null && oidc.getUserInfo() != null) {
              claim = oidc.getUserInfo().getClaim(properties.groupsClaim());
            }
            roles
                .rolesFor(GroupRoleMapper.groupsIn(claim))
                .forEach(r -> mapped.add(new SimpleGrantedAuthority(r.authority())));
          }
        }
        return mapped;
      };
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(
        HttpSecurity http, SecurityProperties properties, GroupRoleMapper roles) throws Exception {
      JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
      Pipelines pipelines = new Pipelines(properties.pipelines(), properties.teamGroupPrefix());
      // A configured pipeline's client-credentials token gets the pipeline's roles; anyone
      // else's token gets the roles its groups map to.
      converter.setJwtGrantedAuthoritiesConverter(
          jwt ->
              pipelines
                  .of(jwt)
                  .map(p -> p.pipeline().grantedRoles())
                  .orElseGet(
                      () ->
                          roles.rolesFor(
                              GroupRoleMapper.groupsIn(jwt.getClaim(properties.groupsClaim()))))
                  .stream()
                  .<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority()))
                  .toList());
      ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint("Bearer");
      return apiBase(http)
          .oauth2ResourceServer(
              o ->
                  o.authenticationEntryPoint(entryPoint)
                      .jwt(j -> j.jwtAuthenticationConverter(converter)))
          .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
          .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain uiChain(HttpSecurity http, GrantedAuthoritiesMapper mapper)
        throws Exception {
      return uiBase(http)
          .oauth2Login(o -> o.userInfoEndpoint(u -> u.userAuthoritiesMapper(mapper)))
          .with(
              VaadinSecurityConfigurer.vaadin(),
              v -> v.oauth2LoginPage("/oauth2/authorization/" + REGISTRATION_ID))
          .build();
    }

    private static String required(
        @org.jspecify.annotations.Nullable String value, String property) {
      if (value == null || value.isBlank()) {
        throw new IllegalStateException("slipway.security.oidc." + property + " must be set");
      }
      return value;
    }
  }
}
