package org.hearthgate.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./hearthgate} command line. Each subcommand is a class of its own; register it in {@link #SUBCOMMANDS}.
 * Exit codes: 0 done, 1 failed, 2 bad input (usage, a malformed file or frame).
 */
@Command(name = "hearthgate", mixinStandardHelpOptions = true, version = "Hearthgate 0.1.0",
        description = "Telecare and remote-monitoring gateway: hub, cloud relay, simulators and tools.")
public final class HearthgateCli implements Runnable {

    /** Every subcommand, in the order `--help` lists them. */
    static final Class<?>[] SUBCOMMANDS = {
        DemoCommand.class,
        TestCommand.class,
        HubCommand.class,
        BenchCommand.class,
        CloudCommand.class,
        FallEvalCommand.class,
        DecodeCommand.class,
            ReplayCommand.class,
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HearthgateCli());
        for (Class<?> sub : SUBCOMMANDS) {
            cl.addSubcommand(sub);
        }
        return cl;
    }

    public static void main(String[] args) {
        // HiveMQ's jar ships its own logback.xml; name ours explicitly so logs go to stderr and stdout stays clean.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "hearthgate-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }
}
