package org.hearthgate.sim.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hearthgate.relay.RelayMain;
import org.hearthgate.relay.console.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hearthgate cloud}: runs the cloud relay from its configuration file. */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = "Runs the cloud relay: ingest from the broker, alarm store, receipts and acks, responder "
                + "console. See the README's configuration reference for cloud.yaml.")
public final class CloudCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "cloud.yaml")
    Path config;

    @Option(names = "--hash-password", description = "Read a password (from the terminal or stdin) and print the "
            + "passwordHash to put in cloud.yaml.")
    boolean hashPassword;

    @Override
    public Integer call() throws Exception {
        if (hashPassword) {
            char[] password = readPassword();
            if (password == null || password.length < 12) {
                System.err.println("cloud: a console password needs at least 12 characters");
                return 2;
            }
            System.out.println(Users.hash(password));
            return 0;
        }
        if (config == null) {
            System.err.println("cloud: --config cloud.yaml is required");
            return 2;
        }
        RelayMain.main(new String[] {"--config", config.toString()});
        return 0;
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            return console.readPassword("password: ");
        }
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        return line == null ? null : line.toCharArray();
    }
}
