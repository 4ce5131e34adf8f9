package dev.slipway.shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own refusals on API paths (a request it will not hand to the application at all, such as
 * a {@code %00} in the path) as problem details instead of its HTML error page; everything else is
 * reported as Tomcat does, without its version.
 */
final class ApiErrorReportValve extends ErrorReportValve {

  ApiErrorReportValve() {
    setShowServerInfo(false);
    setShowReport(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    String uri = request.getCoyoteRequest().requestURI().toString();
    int status = response.getStatus();
    if (uri == null || !uri.startsWith("/api/") || status < 400 || response.isCommitted()) {
      super.report(request, response, throwable);
      return;
    }
    String field =
        status == 400
            ? ",\"errors\":[{\"field\":\"path\",\"message\":\"cannot be read: a NUL character, an encoded slash or a malformed escape\"}]"
            : "";
    String body =
        "{\"type\":\""
            + ProblemDetailsAdvice.TYPE_BASE
            + "unreadable-request\","
            + "\"title\":\"Request refused\",\"status\":"
            + status
            + ",\"detail\":\"The request cannot be read as an API request; see README.md, REST API.\""
            + field
            + "}";
    try {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.resetBuffer();
      response.setContentType("application/problem+json");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the answer already started: nothing more to say.
    }
  }
}
