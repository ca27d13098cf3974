package org.hearthgate.relay.directory;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.hearthgate.relay.db.PostgresServer;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The two databases every directory test runs on: a fresh SQLite file and a fresh database on one real PostgreSQL
 * per test class ({@link #start}, {@link #stop}).
 */
final class Databases {
    private static PostgresServer postgres;

    private Databases() {
    }

    static synchronized void start() {
        if (postgres == null) {
            postgres = PostgresServer.start();
        }
    }

    static synchronized void stop() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** "sqlite" and "postgresql": a parameter source for {@link #open}. */
    static Stream<Arguments> both() {
        return Stream.of(Arguments.of("sqlite"), Arguments.of("postgresql"));
    }

    /** A new, empty, migrated database spec of that dialect. */
    static String spec(String dialect, Path dir) {
        if ("postgresql".equals(dialect)) {
            return postgres.newDatabase();
        }
        return dir.resolve("directory-" + java.util.UUID.randomUUID() + ".db").toString();
    }
}
