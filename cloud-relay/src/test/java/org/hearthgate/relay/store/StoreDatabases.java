package org.hearthgate.relay.store;

import java.nio.file.Path;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.PostgresServer;

/**
 * Fresh, empty databases of either dialect for store tests: a SQLite file in the test's temp dir, or a new database
 * on one real PostgreSQL per test class (started when first asked for, stopped by {@link #close}).
 */
final class StoreDatabases implements AutoCloseable {
    private PostgresServer postgres;

    /** The spec of a new empty database ({@link Database#open} takes it); {@code dir} holds a SQLite file. */
    synchronized String newSpec(Database.Dialect dialect, Path dir) {
        return switch (dialect) {
            case SQLITE -> dir.resolve("relay-" + System.nanoTime() + ".db").toString();
            case POSTGRESQL -> {
                if (postgres == null) {
                    postgres = PostgresServer.start();
                }
                yield postgres.newDatabase();
            }
        };
    }

    @Override
    public synchronized void close() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
