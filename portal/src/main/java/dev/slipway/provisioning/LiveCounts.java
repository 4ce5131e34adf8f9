package dev.slipway.provisioning;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Live environments (requested, waiting for approval, provisioning, ready) by name, owner and team:
 * what names and limits are checked against.
 */
@Repository
class LiveCounts {

  private static final String LIVE =
      " and status in ('REQUESTED', 'AWAITING_APPROVAL', 'PROVISIONING', 'READY')";

  private final JdbcClient jdbc;

  LiveCounts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean liveNameTaken(String name) {
    return jdbc.sql("select count(*) from environment where name = :name" + LIVE)
            .param("name", name)
            .query(Long.class)
            .single()
        > 0;
  }

  /** Live environments of an owner. */
  long liveOwnedBy(String owner) {
    return jdbc.sql("select count(*) from environment where owner = :owner" + LIVE)
        .param("owner", owner)
        .query(Long.class)
        .single();
  }

  /** Live environments of a team. */
  long liveOfTeam(String team) {
    return jdbc.sql("select count(*) from environment where team = :team" + LIVE)
        .param("team", team)
        .query(Long.class)
        .single();
  }

  /** Lock spaces of {@link #lockCount}: a user's and a team's live environments. */
  enum CountLock {
    OWNER,
    TEAM
  }

  /**
   * Serialises, until the caller's transaction ends, everyone who counts and then adds to the same
   * owner's or team's live environments, on every portal instance: the limit is checked and the row
   * inserted under the lock, so concurrent requests cannot all pass the check before any is stored.
   * Callers take the owner's lock before the team's, so two requests never wait on each other in a
   * circle.
   */
  void lockCount(CountLock space, String key) {
    jdbc.sql("select 1 from pg_advisory_xact_lock(:space, hashtext(:key))")
        .param("space", 0x5E70 + space.ordinal())
        .param("key", key)
        .query(Integer.class)
        .single();
  }
}
