package org.hearthgate.relay.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database opens, migrates and runs transactions on both dialects. */
class DatabaseIT {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void opensPostgresqlFromItsUrl() {
        try (Database db = Database.open(postgres.newDatabase())) {
            assertThat(db.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
            assertThat(db.hasTable("flyway_schema_history")).isTrue();
            assertThat(db.<Integer>read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT 1 + 1")) {
                    rs.next();
                    return rs.getInt(1);
                }
            })).isEqualTo(2);
        }
    }

    @Test
    void opensASqliteFileCreatedPrivately(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cloud/relay.db");
        try (Database db = Database.open(file.toString())) {
            assertThat(db.dialect()).isEqualTo(Database.Dialect.SQLITE);
            assertThat(db.hasTable("flyway_schema_history")).isTrue();
        }
        assertThat(Files.getPosixFilePermissions(file)).hasSize(2);
    }

    @Test
    void aFailedTransactionLeavesNothing(@TempDir Path dir) {
        for (String spec : new String[] {postgres.newDatabase(), dir.resolve("t.db").toString()}) {
            try (Database db = Database.open(spec)) {
                db.inTransaction(c -> c.createStatement().execute("CREATE TABLE t(x INTEGER)"));
                try {
                    db.inTransaction(c -> {
                        c.createStatement().execute("INSERT INTO t VALUES (1)");
                        throw new IllegalStateException("boom");
                    });
                } catch (IllegalStateException expected) {
                    // rolled back
                }
                assertThat(db.<Integer>read(c -> {
                    try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                })).isZero();
            }
        }
    }
}
