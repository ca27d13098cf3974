package org.hearthgate.relay.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two databases a store test runs on: a fresh SQLite file, or a fresh database on one real PostgreSQL started
 * for the test class. Use as {@code @RegisterExtension static final TestDatabases databases = new TestDatabases();}
 * with {@code @MethodSource(TestDatabases.KINDS)} on the parameterised tests.
 */
public final class TestDatabases implements BeforeAllCallback, AfterAllCallback {
    /** The parameter source: "sqlite" and "postgresql". */
    public static final String KINDS = "org.hearthgate.relay.db.TestDatabases#kinds";

    private PostgresServer postgres;
    private Path dir;

    public static Stream<String> kinds() {
        return Stream.of("sqlite", "postgresql");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("hearthgate-db-");
        postgres = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A new, empty database of that kind, migrated. */
    public Database open(String kind) {
        return Database.open(spec(kind));
    }

    /** A new, empty database's spec: a SQLite file's path or a PostgreSQL URL. */
    public String spec(String kind) {
        return switch (kind) {
            case "sqlite" -> dir.resolve(System.nanoTime() + ".db").toString();
            case "postgresql" -> postgres.newDatabase();
            default -> throw new IllegalArgumentException("kind: sqlite or postgresql, not " + kind);
        };
    }
}
