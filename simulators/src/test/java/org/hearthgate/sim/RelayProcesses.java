package org.hearthgate.sim;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.relay.RelayMain;
import org.hearthgate.sim.console.ConsoleClient;

/** The cloud relay as its own process (so a test can SIGKILL it), and its console once it answers. */
final class RelayProcesses {
    static final String USER = "ops";
    static final String PASSWORD = "correct horse battery";

    private RelayProcesses() {
    }

    /** Starts {@code RelayMain --config config}, logging to {@code dir/relay.log}; {@code jvm} are extra JVM options. */
    static Process start(Path config, Path dir, String... jvm) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvm));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayMain.class.getName(), "--config",
                config.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("relay.log").toFile())).start();
    }

    /** Signs in as {@link #USER} once the console answers (the relay may still be starting). */
    static ConsoleClient console(int port) {
        return await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            ConsoleClient c = new ConsoleClient(port).login(USER, PASSWORD);
            c.get("/api/metrics");
            return c;
        }, c -> c != null);
    }
}
