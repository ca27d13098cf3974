package org.hearthgate.sim.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearthgate.sim.cli.HearthgateCli;
import picocli.CommandLine;

/** One benchmark run through the CLI, and its closing {@code name: value} lines. */
record BenchRun(int exitCode, String output) {
    /** The trailing block of {@code name: value} lines, in order, as printed. */
    Map<String, String> closingText() {
        List<String> lines = output.strip().lines().toList();
        int first = lines.size();
        while (first > 0 && lines.get(first - 1).matches("[a-z0-9-]+: \\S+")) {
            first--;
        }
        Map<String, String> figures = new LinkedHashMap<>();
        for (String line : lines.subList(first, lines.size())) {
            String[] kv = line.split(": ", 2);
            figures.put(kv[0], kv[1]);
        }
        return figures;
    }

    List<String> closingNames() {
        return List.copyOf(closingText().keySet());
    }

    String text(String name) {
        return closingText().get(name);
    }

    double value(String name) {
        return Double.parseDouble(text(name));
    }

    /** Runs {@code ./hearthgate bench ARGS...} in this JVM and keeps what it printed. */
    static BenchRun of(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = HearthgateCli.commandLine();
        cli.setOut(new PrintWriter(text, true));
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = cli.execute(all);
        return new BenchRun(code, text.toString());
    }
}
