package org.hearthgate.sim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hearthgate.hub.HubMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hearthgate hub}: runs a home hub from its configuration file. */
@Command(name = "hub", mixinStandardHelpOptions = true,
        description = "Runs a home hub: drivers, local care-plan rules, durable outbox and MQTT uplink. "
                + "See the README's configuration reference for hub.yaml.")
public final class HubCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "hub.yaml")
    Path config;

    @Override
    public Integer call() throws Exception {
        HubMain.main(new String[] {"--config", config.toString()});
        return 0;
    }
}
