package dev.slipway.shared;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's edge: bounded bodies, no NUL characters, strict JSON. Features declare the endpoints
 * that need a larger body as {@link BodyLimit} beans.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpEdgeConfiguration.ApiProperties.class)
class HttpEdgeConfiguration {

  /**
   * {@code slipway.api.*}.
   *
   * @param maxBodyBytes the largest body an API endpoint takes unless it declares its own limit
   */
  @ConfigurationProperties("slipway.api")
  record ApiProperties(@DefaultValue("262144") long maxBodyBytes) {}

  /**
   * Just after Spring Security (order -100): who may not call an endpoint is refused before its
   * body is looked at (a developer's oversized import is a 403, not a 413), and security reads no
   * body, so nothing is buffered before the limit applies.
   */
  @Bean
  FilterRegistrationBean<BoundedInputFilter> boundedInputFilter(
      org.springframework.beans.factory.ObjectProvider<BodyLimit> limits,
      ApiProperties properties,
      @Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
    FilterRegistrationBean<BoundedInputFilter> registration =
        new FilterRegistrationBean<>(
            new BoundedInputFilter(
                limits.orderedStream().toList(), properties.maxBodyBytes(), problems));
    registration.addUrlPatterns("/api/*");
    registration.setOrder(-90);
    return registration;
  }

  /**
   * Spring Security's firewall refuses paths that are not normalised ({@code //}, {@code ;}, {@code
   * ..}, encoded slashes) before any controller; on API paths its refusal is a problem detail
   * naming the path, like every other 400, instead of Boot's plain error body.
   */
  @Bean
  org.springframework.security.web.firewall.RequestRejectedHandler apiRequestRejected() {
    var plain = new org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler();
    return (request, response, rejected) -> {
      String uri = request.getRequestURI();
      if (!meantForTheApi(uri) || response.isCommitted()) {
        plain.handle(request, response, rejected);
        return;
      }
      String message =
          "is not a normalised path (no //, ;, .. or encoded slashes): write it as the README's"
              + " REST API section does";
      ProblemDetailsAdvice.write(
          response,
          400,
          "invalid-request",
          "Invalid request",
          "path: " + message,
          new FieldProblem("path", message));
    };
  }

  /**
   * Paths match case-sensitively, so {@code /API/v1/…} is no API path and the UI would answer it
   * with its page (200, HTML): a pipeline would read that as success. Any casing of {@code /api/}
   * other than the API's own is a 404 problem detail instead.
   */
  @Bean
  FilterRegistrationBean<org.springframework.web.filter.OncePerRequestFilter> apiInOtherCase() {
    FilterRegistrationBean<org.springframework.web.filter.OncePerRequestFilter> registration =
        new FilterRegistrationBean<>(
            new org.springframework.web.filter.OncePerRequestFilter() {
              @Override
              protected void doFilterInternal(
                  jakarta.servlet.http.HttpServletRequest request,
                  jakarta.servlet.http.HttpServletResponse response,
                  jakarta.servlet.FilterChain chain)
                  throws jakarta.servlet.ServletException, java.io.IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                if (path.regionMatches(true, 0, "/api/", 0, 5) && !path.startsWith("/api/")) {
                  ProblemDetailsAdvice.write(
                      response,
                      404,
                      "not-found",
                      "Not found",
                      "No such API path: the API lives under /api/v1, in lower case.",
                      new FieldProblem("path", "the API lives under /api/v1, in lower case"));
                  return;
                }
                chain.doFilter(request, response);
              }
            });
    registration.addUrlPatterns("/*");
    registration.setOrder(-200);
    return registration;
  }

  /**
   * Whether a path that could not be read may have been meant for the API ({@code //api/…}, {@code
   * /./api/…}, {@code /api%2Fv1/…}): then a pipeline gets a problem detail, never an HTML page or
   * Boot's plain error body.
   */
  static boolean meantForTheApi(@org.jspecify.annotations.Nullable String uri) {
    return uri != null && uri.toLowerCase(java.util.Locale.ROOT).contains("api");
  }

  /** The API's JSON converter reads strictly ({@link StrictJson}); writing is as configured. */
  @Bean
  WebMvcConfigurer strictJsonBodies(JsonMapper jsonMapper) {
    return new WebMvcConfigurer() {
      @Override
      public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.withJsonConverter(
            new JacksonJsonHttpMessageConverter(
                StrictJson.configure(jsonMapper.rebuild())
                    .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)));
      }
    };
  }

  /**
   * Tomcat refuses some requests before any filter sees them; on API paths its answer is a problem
   * detail too. The host's error report valve is swapped as the application's context starts, which
   * is after the host has installed its own.
   */
  @Bean
  org.springframework.boot.web.server.WebServerFactoryCustomizer<
          org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory>
      apiErrorReports() {
    return factory ->
        factory.addContextCustomizers(
            context ->
                context.addLifecycleListener(
                    event -> {
                      if (org.apache.catalina.Lifecycle.BEFORE_START_EVENT.equals(event.getType())
                          && context.getParent() != null) {
                        var pipeline = context.getParent().getPipeline();
                        for (var valve : pipeline.getValves()) {
                          if (valve instanceof org.apache.catalina.valves.ErrorReportValve
                              && !(valve instanceof ApiErrorReportValve)) {
                            pipeline.removeValve(valve);
                          }
                        }
                        if (java.util.Arrays.stream(pipeline.getValves())
                            .noneMatch(ApiErrorReportValve.class::isInstance)) {
                          pipeline.addValve(new ApiErrorReportValve());
                        }
                      }
                    }));
  }
}
