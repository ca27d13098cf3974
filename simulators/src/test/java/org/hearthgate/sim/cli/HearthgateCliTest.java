package org.hearthgate.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a newcomer meets first: versions, mistakes at the prompt, and the README's examples. */
class HearthgateCliTest {

    private record Run(int exit, String out, String err) {
    }

    /** Runs the CLI with picocli's own writers captured (usage, versions, subcommands that print through them). */
    private static Run run(String... args) {
        CommandLine cl = HearthgateCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Runs the CLI capturing System.out and System.err, where the long-running commands print. */
    private static Run runPrinting(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = HearthgateCli.commandLine().execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        String version = run("--version").out().strip();
        assertThat(version).startsWith("Hearthgate ");
        for (String sub : HearthgateCli.commandLine().getSubcommands().keySet()) {
            assertThat(run(sub, "-V").out().strip()).as(sub).isEqualTo(version);
        }
        assertThat(run("hub", "test-alarm", "--version").out().strip()).isEqualTo(version);
    }

    @Test
    void anUnknownCommandListsTheCommandsInsteadOfGuessing() {
        Run r = run("dmeo");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("hearthgate: unknown command 'dmeo'. Commands:")
                .contains("demo", "hub", "decode", "replay").doesNotContain("Did you mean");
    }

    @Test
    void aDurationBelowOneSecondIsRefused() {
        Run r = runPrinting("demo", "--headless", "--duration", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("demo: --duration must be at least 1 second, was 0");
    }

    @Test
    void aBusyConsolePortIsOneLineWithTheWayOut() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Run r = runPrinting("demo", "--port", String.valueOf(taken.getLocalPort()), "--duration", "1");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().strip()).isEqualTo("demo: port " + taken.getLocalPort()
                    + " is already in use (another demo?); use --port 0 for any free port");
        }
    }

    @Test
    void theReadmesDecodeExampleRunsAsPrinted() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("`\\./hearthgate (decode [^`]+)`").matcher(readme);
        assertThat(m.find()).as("the README shows a decode example").isTrue();
        Run r = run(shellWords(m.group(1)).toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"kind\":\"bloodPressure\"");
    }

    /** Splits a command line as a shell does for plain words and double-quoted strings. */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        Matcher w = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (w.find()) {
            words.add(w.group(1) != null ? w.group(1) : w.group(2));
        }
        return words;
    }
}
