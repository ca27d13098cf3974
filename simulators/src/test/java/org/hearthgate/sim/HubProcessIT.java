package org.hearthgate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.hearthgate.contract.wire.HubStatus;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.store.RelayStore;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.MosquittoBroker;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;
import org.junit.jupiter.api.Assumptions;
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
            stack.relay().registry().register(Stack.TENANT, org.hearthgate.contract.HubId.of("hub-proc"));
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
        } finally {
            TempDirs.deleteIfMadeHere(dir);
        }
    }

    /**
     * Off a Pi the shipped jar with a pendant on GPIO neither crashes (a crash loop under systemd means no alarms)
     * nor reads Pi4J's mock pins as a pressed pendant: it names the unused gpio entries and runs. Stopped with
     * SIGTERM, it leaves "offline" as its retained status (a clean disconnect discards the Last Will).
     */
    @Test
    void offAPiTheShippedJarRunsWithoutItsGpioAndASigtermLeavesItOffline() throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        Path dir = Stack.tempDir();
        try (MosquittoBroker broker = MosquittoBroker.start(Broker.freePort());
                Stack stack = new Stack(broker.url(), dir, Clock.systemUTC())) {
            stack.startRelay(0);
            stack.relay().registry().register(Stack.TENANT, org.hearthgate.contract.HubId.of("hub-proc"));
            Path config = dir.resolve("hub.yaml");
            Files.writeString(config, """
                    tenant: demo
                    hub: hub-proc
                    resident: res-proc
                    broker: {url: "%s"}
                    outbox: {path: %s}
                    gpio:
                      - {device: pendant-rx, kind: PENDANT, pin: 17, activeLevel: LOW, pull: UP}
                    """.formatted(broker.url(), dir.resolve("hub-outbox.db")));
            Process hub = start(config, dir);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> online(stack.relay().store(), true));
                // the test alarm from the control socket: the only alarm this hub raises
                Process test = new ProcessBuilder(java(), "-jar", hubJar().toString(), "test-alarm", "--config",
                        config.toString()).redirectErrorStream(true).start();
                assertThat(new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .startsWith("ok: TEST alarm");
                assertThat(test.waitFor()).isZero();
                await().atMost(Duration.ofSeconds(60)).until(() -> !stack.relay().store().alarms(false, 10).isEmpty());
                assertThat(stack.relay().store().alarms(false, 10)).singleElement()
                        .satisfies(a -> assertThat(a.summary()).startsWith("TEST"));
            } finally {
                hub.destroy(); // SIGTERM
                assertThat(hub.waitFor()).isNotEqualTo(137);
            }
            String log = Files.readString(dir.resolve("hub.log"));
            assertThat(log).contains("no GPIO on this machine").contains("gpio entries in hub.yaml are not used")
                    .doesNotContain("No gpio chip").doesNotContain("Exception");
            assertThat(retainedStatus(broker)).as("the retained status after SIGTERM").isFalse();
        } finally {
            TempDirs.deleteIfMadeHere(dir);
        }
    }

    @Test
    void aMissingConfigFileExitsTwoWithOneLine() throws Exception {
        Path dir = TempDirs.create("hearthgate-hubproc");
        try {
            Path missing = dir.resolve("hub.yaml");
            Process hub = new ProcessBuilder(java(), "-jar", hubJar().toString(), "--config", missing.toString())
                    .start();
            String err = new String(hub.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(hub.waitFor()).isEqualTo(2);
            assertThat(err).isEqualTo("hub: " + missing + ": --config: no such file\n");
        } finally {
            TempDirs.deleteIfMadeHere(dir);
        }
    }

    /** The retained status a newly subscribing client gets, as the cloud would after a restart. */
    private static boolean retainedStatus(MosquittoBroker broker) throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> online = new java.util.concurrent.CompletableFuture<>();
        MqttClient spy = new MqttClient(broker.url(), "spy-status", new MemoryPersistence());
        spy.connect();
        try {
            spy.subscribe(new MqttSubscription[] {new MqttSubscription("hg/v1/demo/hub-proc/up/status", 1)},
                    new IMqttMessageListener[] {(topic, m) -> online.complete(
                            ((HubStatus) new WireCodec().decode(m.getPayload()).body()).online())});
            return online.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            spy.disconnect();
            spy.close();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
