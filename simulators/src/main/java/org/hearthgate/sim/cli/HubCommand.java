package org.hearthgate.sim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hearthgate.hub.HubMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hearthgate hub}: runs a home hub from its configuration file; {@code hub test-alarm} tests a running one. */
@Command(name = "hub", mixinStandardHelpOptions = true, subcommands = HubCommand.TestAlarm.class,
        description = "Runs a home hub: drivers, local care-plan rules, durable outbox and MQTT uplink. "
                + "See the README's configuration reference for hub.yaml.")
public final class HubCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "hub.yaml (required)")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (config == null) {
            System.err.println("hub: give the hub's configuration with --config FILE (see the README)");
            return 2;
        }
        HubMain.main(new String[] {"--config", config.toString()});
        return 0;
    }

    /** Presses a pendant on the hub running with this hub.yaml, through its local control socket; marked TEST. */
    @Command(name = "test-alarm", mixinStandardHelpOptions = true,
            description = "Raises a TEST alarm on the hub running with this hub.yaml, as if its pendant were pressed "
                    + "(through the hub's owner-only Unix socket next to its outbox; no hardware needed). It goes to "
                    + "the monitoring centre marked TEST.")
    static final class TestAlarm implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "the running hub's hub.yaml")
        Path config;

        @Override
        public Integer call() throws Exception {
            HubMain.main(new String[] {"test-alarm", "--config", config.toString()});
            return 0;
        }
    }
}
