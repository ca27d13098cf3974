package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.hearthgate.relay.store.RelayStore;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.Stack;
import org.junit.jupiter.api.Test;

/**
 * The hub as it ships (hub-firmware's single jar, its own process, hub.yaml): it comes online at the cloud, and when
 * the process is killed with SIGKILL the broker's Last Will marks it offline; started again, it is back online.
 */
class HubProcessIT {

    @Test
    void theShippedHubJarComesOnlineAndItsLastWillReportsAKilledHub() throws Exception {
        Path dir = Stack.tempDir();
        try (MosquittoBroker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), dir, Clock.systemUTC())) {
            stack.startRelay(0);
            Path config = dir.resolve("hub.yaml");
            Files.writeString(config, """
                    tenant: demo
                    hub: hub-proc
                    resident: res-proc
                    broker: {url: "%s"}
                    outbox: {path: %s}
                    heartbeatSeconds: 10
                    """.formatted(broker.url(), dir.resolve("hub-outbox.db")));

            Process hub = start(config, dir);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> online(stack.relay().store(), true));
                hub.destroyForcibly().waitFor();
                await("the Last Will marks the killed hub offline").atMost(Duration.ofSeconds(60))
                        .until(() -> online(stack.relay().store(), false));
                hub = start(config, dir);
                await().atMost(Duration.ofSeconds(60)).until(() -> online(stack.relay().store(), true));
                assertThat(Files.readString(dir.resolve("hub.log"))).doesNotContain("ERROR");
            } finally {
                hub.destroy();
                hub.waitFor();
            }
        }
    }

    private static boolean online(RelayStore store, boolean expected) {
        return store.hubs().stream().anyMatch(h -> h.hub().equals("hub-proc") && h.online() == expected);
    }

    private static Process start(Path config, Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx48m", "-XX:+UseSerialGC", "-jar", hubJar().toString(), "--config",
                config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("hub.log").toFile())).start();
    }

    /** The jar `mvn package` builds in hub-firmware (the reactor packages it before this module's ITs run). */
    private static Path hubJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("..", "hub-firmware", "target"),
                "hub-firmware-*-all.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("hub-firmware's single jar is missing: run mvn package first");
    }
}
