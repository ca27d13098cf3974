package org.hearthgate.sim.cli;

import java.io.PrintWriter;
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
        SimCommand.class,
        AdminCommand.class,
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HearthgateCli());
        String[] version = cl.getCommandSpec().version();
        for (Class<?> sub : SUBCOMMANDS) {
            cl.addSubcommand(sub);
        }
        // -V/--version answers the same on every subcommand (and theirs), not with an empty line.
        setVersion(cl, version);
        cl.setParameterExceptionHandler(HearthgateCli::badArguments);
        return cl;
    }

    private static void setVersion(CommandLine cl, String[] version) {
        cl.getCommandSpec().version(version);
        cl.getSubcommands().values().forEach(sub -> setVersion(sub, version));
    }

    /**
     * An unknown subcommand gets the list of commands, not picocli's guess ("did you mean"), which can point a
     * newcomer at the wrong thing; other usage errors keep picocli's message and the command's usage.
     */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException u && cl.getParent() == null
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
            err.println("hearthgate: unknown command '" + u.getUnmatched().getFirst() + "'. Commands:");
            cl.getSubcommands().forEach((name, sub) -> err.printf("  %-10s %s%n", name,
                    String.join(" ", sub.getCommandSpec().usageMessage().description()).split("(?<=\\.) ")[0]));
            err.println("Run ./hearthgate COMMAND --help for one command's options.");
            return 2;
        }
        err.println(e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            cl.usage(err);
        }
        return 2;
    }

    public static void main(String[] args) {
        // HiveMQ's jar ships its own logback.xml; name ours explicitly so logs go to stderr and stdout stays clean.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "hearthgate-logback.xml");
        }
        System.exit(commandLine().execute(args));
    }
}
