package org.hearthgate.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.drivers.coap.CoapSensors;
import org.hearthgate.hub.config.HubConfig;
import org.hearthgate.hub.plan.CarePlanSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting a hub from hub.yaml off a Pi, and the clear errors a newcomer gets. */
class HubStartupTest {
    @TempDir
    Path dir;

    private String yaml(String outbox) {
        return """
                tenant: acme
                hub: hub-0001
                resident: res-7f3a
                broker: {url: "tcp://127.0.0.1:1"}
                outbox: {path: "%s"}
                """.formatted(outbox);
    }

    private static final String PENDANT = """
            gpio:
              - {device: pendant-rx, kind: PENDANT, pin: 17, activeLevel: LOW, pull: UP}
            """;
    private static final String COAP = """
            coap:
              - {device: pir-kitchen, kind: MOTION, uri: "coap://127.0.0.1:1/motion"}
            """;

    @Test
    void offAPiGpioEntriesAreNamedAsUnusedAndTheOtherDevicesRun() throws Exception {
        Path noGpio = Files.createDirectory(dir.resolve("dev"));
        HubConfig config = HubConfig.parse(yaml(dir.resolve("o.db").toString()) + PENDANT + COAP);
        HubMain.Hardware hw = HubMain.hardware(config, Clock.systemUTC(), List.of(), noGpio);
        assertThat(hw.drivers()).singleElement().isInstanceOf(CoapSensors.class);
        assertThat(hw.errors()).singleElement().asString().contains("no GPIO on this machine")
                .contains("the gpio entries in hub.yaml are not used");
        assertThat(hw.warnings()).isEmpty();
    }

    @Test
    void gpioIsUsedOnlyWhereTheKernelOffersIt() throws Exception {
        Path dev = Files.createDirectory(dir.resolve("dev"));
        assertThat(HubMain.hasGpioChip(dev)).isFalse();
        Files.createFile(dev.resolve("gpiochip0"));
        assertThat(HubMain.hasGpioChip(dev)).isTrue();
    }

    @Test
    void aHubWithNoDevicesWarns() throws Exception {
        Path noGpio = Files.createDirectory(dir.resolve("dev"));
        HubConfig config = HubConfig.parse(yaml(dir.resolve("o.db").toString()) + PENDANT);
        HubMain.Hardware hw = HubMain.hardware(config, Clock.systemUTC(), List.of(), noGpio);
        assertThat(hw.drivers()).isEmpty();
        assertThat(hw.warnings()).singleElement().asString().contains("reads no devices");
    }

    @Test
    void aMissingConfigFileSaysSoWithoutRepeatingThePath() {
        Path missing = dir.resolve("hub.yaml");
        assertThatThrownBy(() -> HubMain.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessage("--config: no such file");
        assertThatThrownBy(() -> HubMain.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessage("--config: is a folder, not a hub.yaml");
    }

    @Test
    void anOutboxPathThatCannotBeAFileNamesTheKey() throws Exception {
        Path aFile = Files.createFile(dir.resolve("not-a-folder"));
        assertOutboxRefused(aFile.resolve("outbox.db"));
        Path underAFile = aFile.resolve("outbox.db");
        assertThatThrownBy(() -> HubMain.build(HubConfig.parse(yaml(underAFile.toString())), Clock.systemUTC(),
                List.of())).hasMessage("outbox.path: cannot create " + underAFile + ": Not a directory");
        assertOutboxRefused(dir);
    }

    @Test
    void theHubKnowsItsInstalledPlanByItsDigestAndKeepsPushedPlansNextToItsOutbox() throws Exception {
        String plan = "activity: {inactivity: [{id: quiet, mode: continuous, after: 8h}]}\n";
        Path planFile = Files.writeString(dir.resolve("care-plan.yaml"), plan);
        String outbox = dir.resolve("o.db").toString();
        Hub installed = HubMain.build(HubConfig.parse(yaml(outbox) + "carePlan: " + planFile + "\n"),
                Clock.systemUTC(), List.of());
        try {
            assertThat(installed.carePlanInForce()).isEqualTo(ConfigUpdate.carePlanDigest(plan));
        } finally {
            installed.close();
        }
        Hub defaults = HubMain.build(HubConfig.parse(yaml(outbox)), Clock.systemUTC(), List.of());
        try {
            assertThat(defaults.carePlanInForce()).isEqualTo("defaults");
        } finally {
            defaults.close();
        }
        assertThat(CarePlanSettings.remoteFileFor(Path.of(outbox))).isEqualTo(dir.resolve("o.db.care-plan.json"));
    }

    private void assertOutboxRefused(Path outbox) {
        HubConfig config = HubConfig.parse(yaml(outbox.toString()));
        assertThatThrownBy(() -> HubMain.build(config, Clock.systemUTC(), List.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("outbox.path"));
    }
}
