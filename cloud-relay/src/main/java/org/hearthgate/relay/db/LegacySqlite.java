package org.hearthgate.relay.db;

/**
 * Relay store files written before Flyway managed the schema (PRAGMA user_version 0 or 1, no
 * {@code flyway_schema_history}). {@link #upgradeToVersion1} brings such a file to exactly what
 * {@code db/migration/sqlite/V1__relay_store.sql} creates, keeping its data.
 */
final class LegacySqlite {
    private LegacySqlite() {
    }

    static boolean isPreFlyway(Database db) {
        return !db.hasTable("flyway_schema_history") && db.hasTable("messages");
    }

    static void upgradeToVersion1(Database db) {
        // The store port fills this in from SqliteRelayStore.migrate(): version 0 files are re-keyed by
        // (tenant, hub, id); version 1 files are already in V1's shape.
        throw new UnsupportedOperationException("legacy SQLite upgrade not ported yet");
    }
}
