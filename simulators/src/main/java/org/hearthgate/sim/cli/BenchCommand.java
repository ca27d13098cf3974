package org.hearthgate.sim.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hearthgate bench}: runs the JMH benchmarks and prints their figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the JMH benchmarks (fall detector, alert engine, wire codec) and prints ops/s.",
            "Figures on a shared or busy machine vary; compare runs on the same machine."})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "PATTERN",
            description = "Benchmarks to run (regular expressions; default: all).")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--quick", description = "One short fork (about a minute in all): a smoke run, wide error bars.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(patterns.isEmpty() ? List.of("org.hearthgate.sim.bench.*") : patterns);
        args.addAll(quick ? List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "2", "-r", "2s")
                : List.of("-f", "1", "-wi", "2", "-w", "2s", "-i", "3", "-r", "3s"));
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
