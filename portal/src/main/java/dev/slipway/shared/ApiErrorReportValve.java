package dev.slipway.shared;

import java.io.IOException;
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
    if (!HttpEdgeConfiguration.meantForTheApi(uri)) {
      super.report(request, response, throwable);
      return;
    }
    // Called for every answer not yet committed: only an error without a body of its own is ours,
    // as in the base class.
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    byte[] body =
        ProblemDetailsAdvice.json(
            status,
            "unreadable-request",
            "Request refused",
            "The request cannot be read as an API request; see README.md, REST API.",
            new FieldProblem(
                "path",
                "cannot be read (a NUL character, an encoded slash or a malformed escape)"));
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("utf-8");
      java.io.Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The connection is gone or the answer already started: nothing more to say.
    }
  }
}
