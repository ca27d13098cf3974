package org.hearthgate.sim.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.hearthgate.relay.directory.DirectoryImport;
import org.hearthgate.relay.directory.SqlCareDirectory;

/**
 * The demo's care directory: the sample service of docs/examples/directory.yaml (a copy on the classpath,
 * {@code demo/directory.yaml}, that a test keeps identical), imported into the relay's database. The Brookside
 * Telecare residents, their circles, hubs and console logins are the demo's; the relay signs people in against it.
 */
public final class DemoDirectory {
    public static final String RESOURCE = "demo/directory.yaml";

    private DemoDirectory() {
    }

    /** Imports the sample service (again: a no-op, imports are idempotent). */
    public static void importInto(SqlCareDirectory directory) {
        new DirectoryImport(directory, null).importYaml(sample(), "demo");
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
}
