package org.hearthgate.sim.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.relay.RelayConfig;
import org.hearthgate.relay.access.FieldKeys;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.BrokerFiles;
import org.hearthgate.relay.directory.DirectoryImport;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.directory.SqlCareDirectory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hearthgate admin}: the care directory from the command line. {@code import} loads a whole service from a
 * YAML file (docs/examples/directory.yaml), {@code broker-files} writes Mosquitto's password and ACL files from it,
 * {@code hub-password} makes a hub's broker password hash for the file. Exit 0 done, 1 failed, 2 bad input.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Care directory administration: import a service from directory.yaml, write the broker's "
                + "password and ACL files from the directory, hash a hub's broker password, check the audit trail's "
                + "hash chain, list who looked at a resident's record.",
        subcommands = {AdminCommand.Import.class, AdminCommand.BrokerFilesCommand.class,
            AdminCommand.HubPassword.class, AuditCommands.Verify.class, AuditCommands.Who.class})
public final class AdminCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Which database: {@code --database SPEC} or the {@code database} of {@code --config cloud.yaml}. */
    static final class Store {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Choice choice;

        static final class Choice {
            @Option(names = "--database", paramLabel = "SPEC", required = true,
                    description = "postgresql://user:password@host:port/db, or a SQLite file")
            String database;

            @Option(names = "--config", paramLabel = "FILE", required = true,
                    description = "cloud.yaml: its database (and, for broker-files, the relay's broker account)")
            Path config;
        }

        RelayConfig config() {
            return choice.config == null ? null : RelayConfig.load(choice.config);
        }

        String spec(RelayConfig config) {
            return config == null ? choice.database : config.database();
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Imports a whole service (tenant, contacts, residents and their care circles, hubs and "
                    + "devices, accounts) from a YAML file in one transaction.",
                "Importing the same file again changes nothing; a file with any bad value changes nothing and each "
                    + "error names its row and field."})
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "directory.yaml (see docs/examples/directory.yaml)")
        Path file;

        @Mixin
        Store store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isReadable(file)) {
                err.println("admin import: cannot read " + file);
                return 2;
            }
            try (Database db = open(store, err)) {
                if (db == null) {
                    return 2;
                }
                // An import from the command line is a change like any other: it goes on the hash-chained trail.
                // Sealed with the relays' own field key (security.fieldKeyFile, or the SQLite default beside the
                // database), so imported key-safe codes are never stored in clear where the relays seal them.
                SqlCareDirectory directory;
                try {
                    directory = new SqlCareDirectory(db, Clock.systemUTC(), FieldKeys.resolve(fieldKeyFile(store),
                            db, store.spec(store.config()), () -> SqlCareDirectory.holdsSealedCodes(db)));
                } catch (IllegalArgumentException e) {
                    err.println("admin import: " + e.getMessage());
                    return 2;
                }
                DirectoryImport.Result r = new DirectoryImport(directory,
                        new SqlAuditTrail(db, Clock.systemUTC()))
                        .importFile(file, System.getProperty("user.name", "admin"));
                out.println("imported " + file.getFileName() + " into tenant " + r.tenant() + ": "
                        + DirectoryImport.summary(r.counts()));
                return 0;
            } catch (DirectoryImport.Rejected e) {
                err.println("admin import: " + file + " was not imported (nothing changed):");
                e.errors().forEach(line -> err.println("  " + line));
                return 2;
            } catch (Database.DataAccessException e) {
                err.println("admin import: database error: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "broker-files", mixinStandardHelpOptions = true,
            description = {"Writes Mosquitto's password file (hearthgate.passwd) and ACL file (hearthgate.acl) from "
                    + "the directory: every registered hub as user <tenant>/<hub>, writing only its own up topics "
                    + "and reading only its own down topics, and the relays' account.",
                "Point mosquitto.conf's password_file and acl_file at them and reload Mosquitto after each run."})
    static final class BrokerFilesCommand implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write both files to")
        Path out;

        @Option(names = "--relay-user", paramLabel = "NAME",
                description = "the relays' broker account (default: broker.username of --config, else relay)")
        String relayUser;

        @Option(names = "--relay-password-file", paramLabel = "FILE",
                description = "a file holding the relays' broker password (default: broker.password of --config)")
        Path relayPasswordFile;

        @Mixin
        Store store;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            RelayConfig config;
            try {
                config = store.config();
            } catch (ConfigException | IllegalArgumentException e) {
                err.println("admin broker-files: " + e.getMessage());
                return 2;
            }
            String user = relayUser != null ? relayUser
                    : config != null && config.broker().username() != null ? config.broker().username() : "relay";
            String password = relayPasswordFile != null ? Files.readString(relayPasswordFile).strip()
                    : config != null ? config.broker().password() : null;
            if (password == null || password.isEmpty()) {
                // Without it the relays could not log in to a broker that reads this password file.
                err.println("admin broker-files: the relays' broker password is needed: --relay-password-file FILE, "
                        + "or broker.password in --config cloud.yaml");
                return 2;
            }
            try (Database db = open(store, err)) {
                if (db == null) {
                    return 2;
                }
                SqlCareDirectory directory = new SqlCareDirectory(db, Clock.systemUTC());
                var hubs = directory.allHubs();
                var written = BrokerFiles.write(out, hubs, new BrokerFiles.RelayAccount(user,
                        BrokerFiles.mosquittoHash(password.toCharArray())));
                spec.commandLine().getOut().println("wrote " + written.get(0) + " and " + written.get(1) + " ("
                        + hubs.size() + " hubs); reload Mosquitto to apply them");
                return 0;
            } catch (Database.DataAccessException e) {
                err.println("admin broker-files: database error: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "hub-password", mixinStandardHelpOptions = true,
            description = "Reads a hub's broker password (from the terminal or stdin) and prints its passwordHash "
                    + "for directory.yaml (Mosquitto's $7$ format).")
    static final class HubPassword implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            char[] password = System.console() != null ? System.console().readPassword("hub password: ")
                    : readLine();
            if (password == null || password.length < 12) {
                spec.commandLine().getErr().println("admin hub-password: a hub password needs at least 12 characters");
                return 2;
            }
            spec.commandLine().getOut().println(BrokerFiles.mosquittoHash(password));
            return 0;
        }

        private static char[] readLine() throws IOException {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? null : line.toCharArray();
        }
    }

    /** {@code security.fieldKeyFile} of {@code --config}; null without one (then the database's default). */
    private static Path fieldKeyFile(Store store) {
        RelayConfig config = store.config();
        return config == null ? null : config.fieldKeyFile();
    }

    /** The database the options name, migrated; null (the reason printed) when the configuration is bad. */
    private static Database open(Store store, PrintWriter err) {
        RelayConfig config;
        try {
            config = store.config();
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("admin: " + e.getMessage());
            return null;
        }
        return Database.open(store.spec(config));
    }
}
