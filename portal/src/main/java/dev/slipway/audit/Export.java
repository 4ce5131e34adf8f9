package dev.slipway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A filtered range of the ledger, written row by row as it is read: memory stays flat however large
 * the range. CSV (RFC 4180, one header row) or a JSON array of entries, in chain order (by
 * position); a row still waiting for its place comes last, without position and hashes.
 */
public final class Export {

  public enum Format {
    CSV("text/csv", "csv"),
    JSON("application/json", "json");

    private final String mediaType;
    private final String extension;

    Format(String mediaType, String extension) {
      this.mediaType = mediaType;
      this.extension = extension;
    }

    public String mediaType() {
      return mediaType;
    }

    public String extension() {
      return extension;
    }

    /** {@code csv} or {@code json}, any case. */
    public static Format parse(@Nullable String value) {
      if (value == null || value.isBlank()) {
        return CSV;
      }
      for (Format f : values()) {
        if (f.extension.equalsIgnoreCase(value.strip())) {
          return f;
        }
      }
      throw new dev.slipway.shared.InvalidRequestException(
          "format", "'" + value + "' is not one of csv, json");
    }
  }

  static final List<String> COLUMNS =
      List.of(
          "id",
          "at",
          "type",
          "target",
          "actorSubject",
          "actorName",
          "outcome",
          "reason",
          "clientAddress",
          "userAgent",
          "environment",
          "template",
          "team",
          "before",
          "after",
          "request",
          "details",
          "previousHash",
          "hash",
          "position");

  /** An export that fails midway must not end as valid JSON: no closing bracket on error. */
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .disable(tools.jackson.core.StreamWriteFeature.AUTO_CLOSE_CONTENT)
          .build();

  private final Format format;
  private final Consumer<Predicate<AuditEntry>> rows;

  Export(Format format, Consumer<Predicate<AuditEntry>> rows) {
    this.format = format;
    this.rows = rows;
  }

  public Format format() {
    return format;
  }

  /** Writes every row of the range; the caller closes the stream. */
  public void writeTo(OutputStream out) {
    if (format == Format.JSON) {
      try (JsonGenerator json = JSON.createGenerator(new NonClosing(out))) {
        json.writeStartArray();
        rows.accept(
            e -> {
              json.writePOJO(e);
              return true;
            });
        json.writeEndArray();
      }
      return;
    }
    Writer csv = new OutputStreamWriter(new NonClosing(out), StandardCharsets.UTF_8);
    try {
      csv.write(String.join(",", COLUMNS));
      csv.write("\r\n");
      rows.accept(
          e -> {
            try {
              writeRow(csv, e);
            } catch (IOException failed) {
              throw new UncheckedIOException(failed);
            }
            return true;
          });
      csv.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeRow(Writer csv, AuditEntry e) throws IOException {
    @Nullable String[] content = e.columns();
    csv.write(Long.toString(e.id()));
    for (String cell : content) {
      csv.write(',');
      csv.write(cell(cell));
    }
    // A row not chained yet has none of these: the last three cells stay empty.
    csv.write(',');
    csv.write(Objects.requireNonNullElse(e.previousHash(), ""));
    csv.write(',');
    csv.write(Objects.requireNonNullElse(e.hash(), ""));
    csv.write(',');
    csv.write(e.position() == null ? "" : Long.toString(e.position()));
    csv.write("\r\n");
  }

  /**
   * A cell quoted where RFC 4180 needs it. A value a spreadsheet would run as a formula (starting
   * with {@code = + - @}) is prefixed with an apostrophe: reasons and names are typed by people.
   */
  static String cell(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.indexOf(',') >= 0
        || safe.indexOf('"') >= 0
        || safe.indexOf('\n') >= 0
        || safe.indexOf('\r') >= 0) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }

  /** The servlet container closes the response's stream; the writers here must not. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
