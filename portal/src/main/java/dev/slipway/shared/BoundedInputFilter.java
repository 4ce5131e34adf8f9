package dev.slipway.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The API's edge, after authentication and before any controller: refuses a NUL character in the
 * path, a query parameter or a form field (PostgreSQL cannot store one in text, and no name or
 * value here needs one), and bounds the body. A declared Content-Length over the limit is refused
 * at once; a body without one is cut off while it is read. Refusals are the controllers' problem
 * details (through the MVC exception resolvers), so the API answers in one form.
 */
final class BoundedInputFilter extends OncePerRequestFilter {

  static final String DEFAULT_LIMIT = "slipway.api.max-body-bytes";

  private final List<BodyLimit> limits;
  private final long defaultMaxBytes;
  private final HandlerExceptionResolver problems;

  BoundedInputFilter(
      List<BodyLimit> limits, long defaultMaxBytes, HandlerExceptionResolver problems) {
    this.limits = List.copyOf(limits);
    this.defaultMaxBytes = defaultMaxBytes;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    BodyLimit limit = limitFor(request.getMethod(), path);
    HttpServletRequest bounded = new Bounded(request, limit);
    RuntimeException refused = null;
    String type = request.getContentType();
    if (request.getContentLengthLong() > limit.maxBytes()) {
      refused = new PayloadTooLargeException(limit);
    } else if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      // The container parses multipart bodies itself, past this filter's bounded stream: no API
      // endpoint takes one, so none is read.
      refused =
          new InvalidRequestException(
              "Content-Type", "multipart bodies are not accepted; send JSON (or YAML to import)");
    } else {
      String field = nulField(request);
      if (field != null) {
        refused = new InvalidRequestException(field, NulCharacters.MESSAGE);
      }
    }
    if (refused != null) {
      if (problems.resolveException(bounded, response, null, refused) == null) {
        throw refused;
      }
      return;
    }
    chain.doFilter(bounded, response);
  }

  BodyLimit limitFor(String method, String path) {
    return limits.stream()
        .filter(l -> l.appliesTo(method, path))
        .findFirst()
        .orElseGet(() -> new BodyLimit(method, path, defaultMaxBytes, DEFAULT_LIMIT));
  }

  /** The first place a NUL is found: {@code path}, or the parameter's name. */
  static @Nullable String nulField(HttpServletRequest request) {
    String uri = request.getRequestURI();
    if (uri.indexOf('\0') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00")) {
      return "path";
    }
    String query = request.getQueryString();
    String field = query == null ? null : nulInQuery(query);
    if (field != null) {
      return field;
    }
    // Form fields only when the body is a form: reading parameters consumes such a body, and any
    // other body is left for the controller to read.
    String type = request.getContentType();
    if (type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
        if (NulCharacters.in(p.getKey())
            || java.util.Arrays.stream(p.getValue()).anyMatch(NulCharacters::in)) {
          return NulCharacters.visible(p.getKey());
        }
      }
    }
    return null;
  }

  /** Reads the raw query string as the container will, so a {@code %00} is found in any part. */
  static @Nullable String nulInQuery(String query) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (NulCharacters.in(name) || NulCharacters.in(value)) {
        return NulCharacters.visible(name);
      }
    }
    return null;
  }

  private static String decode(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return part; // a malformed escape is the container's to refuse, not a NUL
    }
  }

  /** The request with its body bounded, whether read as bytes or as characters. */
  private static final class Bounded extends HttpServletRequestWrapper {

    private final BodyLimit limit;
    private @Nullable ServletInputStream in;

    Bounded(HttpServletRequest request, BodyLimit limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (in == null) {
        in = new BoundedInputStream(super.getInputStream(), limit);
      }
      return in;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }
}
