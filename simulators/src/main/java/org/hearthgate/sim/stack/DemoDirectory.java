package org.hearthgate.sim.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.DirectoryImport;
import org.hearthgate.relay.directory.SqlCareDirectory;

/**
 * The demo's care directory: the sample service of docs/examples/directory.yaml (a copy on the classpath,
 * {@code demo/directory.yaml}, that a test keeps identical), imported into a database in the stack's working
 * directory, with its console logins. The Brookside Telecare residents, their circles and hubs are the demo's.
 */
public final class DemoDirectory implements AutoCloseable {
    public static final String RESOURCE = "demo/directory.yaml";

    private final Database db;
    private final SqlCareDirectory directory;

    private DemoDirectory(Database db, SqlCareDirectory directory) {
        this.db = db;
        this.directory = directory;
    }

    /** Opens {@code file} (SQLite) and imports the sample service into it (again: a no-op). */
    public static DemoDirectory open(Path file, Clock clock) {
        Database db = Database.open(file.toString());
        try {
            SqlCareDirectory directory = new SqlCareDirectory(db, clock);
            new DirectoryImport(directory, null).importYaml(sample(), "demo");
            return new DemoDirectory(db, directory);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public static String sample() {
        try (InputStream in = DemoDirectory.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SqlCareDirectory directory() {
        return directory;
    }

    /**
     * Gives the console the directory's logins of the demo tenant. Until the console signs in against the directory
     * itself, neighbours sign in as family (the console has no neighbour role yet).
     */
    public void addLogins(Users users) {
        for (Account a : directory.accounts(Stack.TENANT)) {
            if (!a.disabled()) {
                users.add(a.login(), switch (a.role()) {
                    case ADMIN -> Users.Role.ADMIN;
                    case RESPONDER -> Users.Role.RESPONDER;
                    case CLINICIAN -> Users.Role.CLINICIAN;
                    case FAMILY, NEIGHBOUR -> Users.Role.FAMILY;
                }, a.passwordHash());
            }
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
