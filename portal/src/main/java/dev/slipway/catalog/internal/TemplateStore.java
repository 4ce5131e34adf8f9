package dev.slipway.catalog.internal;

import dev.slipway.catalog.TemplatePolicy;
import dev.slipway.catalog.TemplateStatus;
import dev.slipway.catalog.TemplateVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Templates, their versions (the parsed template as JSON text) and policies in PostgreSQL. */
@Repository
public class TemplateStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  TemplateStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A stored version with the template it holds. */
  public record Stored(TemplateVersion version, JsonNode source) {}

  /** How a policy is kept: durations as ISO-8601 text. */
  record PolicyDocument(
      @Nullable String defaultTtl,
      @Nullable String maxTtl,
      List<String> allowedRoles,
      List<String> allowedGroups,
      boolean approvalRequired,
      Map<String, String> quota,
      Map<String, String> limitDefaults,
      Map<String, String> limitDefaultRequests) {

    static PolicyDocument of(TemplatePolicy p) {
      return new PolicyDocument(
          p.defaultTtl() == null ? null : p.defaultTtl().toString(),
          p.maxTtl() == null ? null : p.maxTtl().toString(),
          p.allowedRoles(),
          p.allowedGroups(),
          p.approvalRequired(),
          p.quota(),
          p.limitDefaults(),
          p.limitDefaultRequests());
    }

    TemplatePolicy policy() {
      return new TemplatePolicy(
          defaultTtl == null ? null : Duration.parse(defaultTtl),
          maxTtl == null ? null : Duration.parse(maxTtl),
          allowedRoles,
          allowedGroups,
          approvalRequired,
          quota,
          limitDefaults,
          limitDefaultRequests);
    }
  }

  public static String checksum(JsonNode source) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.writeValueAsString(source).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Creates the name (with an open policy) if need be and locks its row until the transaction ends,
   * so that versions of one name are numbered and judged one at a time.
   */
  public void lock(String name, Instant at) {
    jdbc.sql(
            """
            insert into template (name, policy, created_at) values (:name, cast(:policy as jsonb), :at)
            on conflict (name) do nothing""")
        .param("name", name)
        .param("policy", JSON.writeValueAsString(PolicyDocument.of(TemplatePolicy.open())))
        .param("at", Timestamp.from(at))
        .update();
    jdbc.sql("select name from template where name = :name for update")
        .param("name", name)
        .query()
        .singleRow();
  }

  /** Stores the template as the next version of its name, under the name's lock. */
  @Transactional
  public TemplateVersion add(
      String name, JsonNode source, String origin, TemplateStatus status, String by, Instant at) {
    lock(name, at);
    int version =
        jdbc.sql("select coalesce(max(version), 0) + 1 from template_version where name = :name")
            .param("name", name)
            .query(Integer.class)
            .single();
    String checksum = checksum(source);
    jdbc.sql(
            """
            insert into template_version
              (name, version, status, origin, source, checksum, imported_by, imported_at)
            values (:name, :version, :status, :origin, :source, :checksum, :by, :at)""")
        .param("name", name)
        .param("version", version)
        .param("status", status.name())
        .param("origin", origin)
        .param("source", JSON.writeValueAsString(source))
        .param("checksum", checksum)
        .param("by", by)
        .param("at", Timestamp.from(at))
        .update();
    return find(name, version).orElseThrow().version();
  }

  public Optional<Stored> find(String name, int version) {
    return jdbc.sql("select * from template_version where name = :name and version = :version")
        .param("name", name)
        .param("version", version)
        .query((rs, row) -> stored(rs))
        .optional();
  }

  /** The newest version with the status, for each name that has one. */
  public List<Stored> newestWithStatus(TemplateStatus status) {
    return jdbc.sql(
            """
            select distinct on (name) * from template_version
            where status = :status order by name, version desc""")
        .param("status", status.name())
        .query((rs, row) -> stored(rs))
        .list();
  }

  public Optional<Stored> newestWithStatus(String name, TemplateStatus status) {
    return jdbc.sql(
            """
            select * from template_version where name = :name and status = :status
            order by version desc limit 1""")
        .param("name", name)
        .param("status", status.name())
        .query((rs, row) -> stored(rs))
        .optional();
  }

  /** Every version of every template, newest first within a name. */
  public List<TemplateVersion> allVersions() {
    return jdbc.sql("select * from template_version order by name, version desc")
        .query((rs, row) -> stored(rs).version())
        .list();
  }

  public List<TemplateVersion> versions(String name) {
    return jdbc.sql("select * from template_version where name = :name order by version desc")
        .param("name", name)
        .query((rs, row) -> stored(rs).version())
        .list();
  }

  /** Moves a version from one status to another; false if it was not in {@code from} any more. */
  public boolean setStatus(
      String name, int version, TemplateStatus from, TemplateStatus to, String by, Instant at) {
    return jdbc.sql(
                """
                update template_version
                set status = :to, status_changed_by = :by, status_changed_at = :at
                where name = :name and version = :version and status = :from""")
            .param("name", name)
            .param("version", version)
            .param("from", from.name())
            .param("to", to.name())
            .param("by", by)
            .param("at", Timestamp.from(at))
            .update()
        == 1;
  }

  public Optional<TemplatePolicy> policy(String name) {
    return jdbc.sql("select policy from template where name = :name")
        .param("name", name)
        .query(String.class)
        .optional()
        .map(json -> JSON.readValue(json, PolicyDocument.class).policy());
  }

  public void savePolicy(String name, TemplatePolicy policy, String by, Instant at) {
    jdbc.sql(
            """
            update template set policy = cast(:policy as jsonb), policy_updated_by = :by,
              policy_updated_at = :at where name = :name""")
        .param("name", name)
        .param("policy", JSON.writeValueAsString(PolicyDocument.of(policy)))
        .param("by", by)
        .param("at", Timestamp.from(at))
        .update();
  }

  /** The origins of a name's versions, to tell SRE-made ones from the shipped baseline. */
  public List<String> origins(String name) {
    return jdbc.sql("select distinct origin from template_version where name = :name")
        .param("name", name)
        .query(String.class)
        .list();
  }

  /** Who has changed the status of the name's versions (the portal itself is "slipway"). */
  public List<String> statusChangers(String name) {
    return jdbc.sql(
            "select distinct status_changed_by from template_version"
                + " where name = :name and status_changed_by is not null")
        .param("name", name)
        .query(String.class)
        .list();
  }

  public List<String> checksums(String name) {
    return jdbc.sql("select checksum from template_version where name = :name")
        .param("name", name)
        .query(String.class)
        .list();
  }

  private static Stored stored(ResultSet rs) throws SQLException {
    JsonNode source = JSON.readTree(rs.getString("source"));
    String name = rs.getString("name");
    TemplateVersion version =
        new TemplateVersion(
            name,
            rs.getInt("version"),
            TemplateStatus.valueOf(rs.getString("status")),
            rs.getString("origin"),
            source
                .path("metadata")
                .path("annotations")
                .path("openshift.io/display-name")
                .asString(name),
            rs.getString("imported_by"),
            rs.getTimestamp("imported_at").toInstant(),
            rs.getString("checksum"));
    return new Stored(version, source);
  }
}
