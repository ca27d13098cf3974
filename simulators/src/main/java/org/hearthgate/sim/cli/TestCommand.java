package org.hearthgate.sim.cli;

import picocli.CommandLine.Command;

/** Listed for --help; the launcher script runs the tests itself (they need Maven, not this JVM). */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Runs every test (mvn verify: unit tests and *IT integration tests against real brokers and "
                + "databases). As root it installs the Debian packages the tests need first.")
public final class TestCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("run it through the launcher: ./hearthgate test");
    }
}
