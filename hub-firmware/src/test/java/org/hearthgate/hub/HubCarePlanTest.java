package org.hearthgate.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.hub.fallback.SecondPath;
import org.hearthgate.hub.outbox.SqliteOutbox;
import org.hearthgate.hub.plan.CarePlanSettings;
import org.hearthgate.hub.uplink.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A care plan pushed by the cloud: applied, kept and confirmed; refused when invalid or not wanted; still in force
 * after a restart unless the installed plan was edited since. A real outbox and plan file, an uplink that records.
 */
class HubCarePlanTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final HubId HUB = HubId.of("hub-0001");
    private static final ResidentId RESIDENT = ResidentId.of("res-7f3a");
    private static final String INSTALLED = "activity: {inactivity: [{id: quiet, mode: continuous, after: 12h}]}\n";
    private static final String PUSHED = "vitals: {limits: [{id: spo2-low, below: 95, for: 0s}]}\n";

    @TempDir
    Path dir;

    private final ManualClock clock = ManualClock.at("2026-03-01T10:00:00Z");
    private final WireCodec codec = new WireCodec();
    private final List<Announcement> announced = new CopyOnWriteArrayList<>();
    private RecordingUplink uplink;
    private AlertEngine engine;
    private Hub hub;
    private int starts;

    private Path planFile() {
        return CarePlanSettings.remoteFileFor(dir.resolve("outbox.db"));
    }

    private CarePlanSettings settings(String installedYaml, boolean remote) {
        return new CarePlanSettings(CarePlanSettings.digestOf(installedYaml), remote, planFile());
    }

    private void start(String installedYaml, boolean remote) {
        start(installedYaml, settings(installedYaml, remote));
    }

    private void start(String installedYaml, CarePlanSettings carePlans) {
        if (hub != null) {
            hub.close();
        }
        uplink = new RecordingUplink();
        engine = new AlertEngine(RESIDENT, installedYaml == null ? CarePlan.defaults() : CarePlan.parse(installedYaml),
                clock);
        Annunciator annunciator = new Annunciator() {
            @Override
            public void announce(Announcement a) {
                announced.add(a);
            }

            @Override
            public void prompt(String text, boolean cancellable) {
            }
        };
        // A fresh outbox for each start: what one run left unconfirmed would be re-sent to the next run's uplink.
        // The plan file stays where the first outbox put it.
        Path outbox = dir.resolve("outbox-" + ++starts + ".db");
        hub = new Hub(HubSettings.defaults(TENANT, HUB, RESIDENT), new SqliteOutbox(outbox, 1_000),
                uplink, engine, List.of(), annunciator, HubObserver.NONE, clock, SecondPath.Settings.defaults(),
                carePlans);
        hub.start();
        await().until(() -> uplink.listener != null);
        uplink.listener.connected();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aValidPlanIsKeptRunAndConfirmedInAnEventAndAtOnceInAHeartbeat() throws Exception {
        start(null, true);
        assertThat(lastHeartbeatAfterAsking().carePlan()).isEqualTo("defaults");

        down(new ConfigUpdate(null, PUSHED));
        String digest = ConfigUpdate.carePlanDigest(PUSHED);
        await().until(() -> !events().isEmpty());
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(EventCode.REMOTE_INSTRUCTION);
            assertThat(e.priority()).isEqualTo(Priority.INFO);
            assertThat(e.detail()).isEqualTo("config applied: carePlan " + digest);
        });
        // Not the periodic one (60 s): the confirmation comes at once.
        await().until(() -> heartbeats().stream().anyMatch(h -> digest.equals(h.carePlan())));
        assertThat(hub.carePlanInForce()).isEqualTo(digest);
        JsonNode kept = new ObjectMapper().readTree(planFile().toFile());
        assertThat(kept.get("yaml").asText()).isEqualTo(PUSHED);
        assertThat(kept.get("digest").asText()).isEqualTo(digest);
        assertThat(kept.get("base").asText()).isEqualTo("defaults");
        assertThat(hub.refusedDownMessages()).isZero();

        // The new limit judges the next reading.
        hub.observe(new OxygenSaturation(DeviceId.of("oxi-1"), clock.instant(), Quantity.of(94, Ucum.PERCENT), null,
                null, Set.of()));
        await().until(() -> !uplink.published(Channel.ALARM).isEmpty());
        assertThat(((AlarmRaised) uplink.published(Channel.ALARM).getFirst().body()).dedupKey())
                .isEqualTo("limit/spo2-low");
    }

    @Test
    void anInvalidPlanIsRefusedAndThePlanInForceStays() {
        start(INSTALLED, true);
        String bad = "vitals: {spo2Scale: 4}";
        down(new ConfigUpdate(null, bad));
        await().until(() -> !events().isEmpty());
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.priority()).isEqualTo(Priority.LOW);
            assertThat(e.detail()).startsWith("config refused: carePlan "
                    + ConfigUpdate.carePlanDigest(bad).substring(0, 12) + ": vitals.spo2Scale").hasSizeLessThanOrEqualTo(200);
        });
        assertThat(hub.refusedDownMessages()).isEqualTo(1);
        assertThat(hub.carePlanInForce()).isEqualTo(ConfigUpdate.carePlanDigest(INSTALLED));
        assertThat(engine.plan()).isEqualTo(CarePlan.parse(INSTALLED));
        assertThat(planFile()).doesNotExist();
        assertThat(lastHeartbeatAfterAsking().carePlan()).isEqualTo(ConfigUpdate.carePlanDigest(INSTALLED));
    }

    @Test
    void anOpenAlarmSurvivesANewPlanAndCanStillBeAcknowledged() {
        start(null, true);
        hub.observe(new PendantPress(DeviceId.of("pendant-1"), clock.instant()));
        await().until(() -> !uplink.published(Channel.ALARM).isEmpty());
        AlarmRaised alarm = (AlarmRaised) uplink.published(Channel.ALARM).getFirst().body();

        down(new ConfigUpdate(null, PUSHED));
        await().until(() -> !events().isEmpty());
        assertThat(events().getFirst().detail()).startsWith("config applied");
        assertThat(engine.stats().openAlarms()).isEqualTo(1);

        down(new Ack(alarm.alarm(), AlarmState.ACKNOWLEDGED, "responder", null));
        await().until(() -> announced.contains(Announcement.HELP_ON_THE_WAY));
        down(new Ack(alarm.alarm(), AlarmState.RESOLVED, "responder", null));
        await().until(() -> announced.contains(Announcement.ALARM_RESOLVED));
        assertThat(hub.refusedDownMessages()).isZero();
        await().until(() -> engine.stats().openAlarms() == 0);
    }

    @Test
    void thePlanAlreadyInForceIsConfirmedAgainWithoutRewritingIt() throws Exception {
        start(null, true);
        down(new ConfigUpdate(null, PUSHED));
        await().until(() -> events().size() == 1);
        String savedAt = new ObjectMapper().readTree(planFile().toFile()).get("savedAt").asText();
        int heartbeats = heartbeats().size();

        clock.advance(Duration.ofMinutes(5));
        down(new ConfigUpdate(null, PUSHED));
        await().until(() -> events().size() == 2);
        assertThat(events()).extracting(Event::detail).containsOnly(
                "config applied: carePlan " + ConfigUpdate.carePlanDigest(PUSHED));
        await().until(() -> heartbeats().size() > heartbeats);
        assertThat(new ObjectMapper().readTree(planFile().toFile()).get("savedAt").asText()).isEqualTo(savedAt);
    }

    @Test
    void aRestartRunsThePlanFromTheCloudAgain() {
        start(INSTALLED, true);
        down(new ConfigUpdate(null, PUSHED));
        await().until(() -> !events().isEmpty());

        start(INSTALLED, true);
        assertThat(hub.carePlanInForce()).isEqualTo(ConfigUpdate.carePlanDigest(PUSHED));
        assertThat(engine.plan()).isEqualTo(CarePlan.parse(PUSHED));
        assertThat(lastHeartbeatAfterAsking().carePlan()).isEqualTo(ConfigUpdate.carePlanDigest(PUSHED));
        assertThat(planFile()).exists();
    }

    @Test
    void anInstalledPlanEditedSinceThePushWinsAtTheRestart() {
        start(INSTALLED, true);
        down(new ConfigUpdate(null, PUSHED));
        await().until(() -> !events().isEmpty());

        String edited = INSTALLED + "vitals: {spo2Scale: 2}\n";
        start(edited, true);
        assertThat(hub.carePlanInForce()).isEqualTo(ConfigUpdate.carePlanDigest(edited));
        assertThat(engine.plan()).isEqualTo(CarePlan.parse(edited));
        assertThat(planFile()).doesNotExist();
        assertThat(planFile().resolveSibling(planFile().getFileName() + ".superseded")).exists();
        assertThat(lastHeartbeatAfterAsking().carePlan()).isEqualTo(ConfigUpdate.carePlanDigest(edited));
        // Nothing to tell the cloud but the heartbeat's digest: it sees the installed plan in force.
        assertThat(events()).isEmpty();
    }

    @Test
    void anUnusableKeptPlanIsSetAsideTheInstalledOneRunsAndTheCloudIsTold() throws Exception {
        Files.writeString(planFile(), "{\"format\":1,\"digest\":\"00\",\"base\":\"defaults\",\"yaml\":\"{}\"}");
        start(null, true);
        assertThat(hub.carePlanInForce()).isEqualTo("defaults");
        assertThat(planFile()).doesNotExist();
        assertThat(planFile().resolveSibling(planFile().getFileName() + ".unusable")).exists();
        await().until(() -> !events().isEmpty());
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(EventCode.REMOTE_INSTRUCTION);
            assertThat(e.priority()).isEqualTo(Priority.LOW);
            assertThat(e.detail()).contains("not resumed").contains("does not match its digest");
        });

        // Not even JSON: the same.
        hub.close();
        hub = null;
        Files.writeString(planFile(), "\u0000\u0000 power cut");
        start(null, true);
        assertThat(hub.carePlanInForce()).isEqualTo("defaults");
        await().until(() -> events().size() == 1);
        assertThat(events().getFirst().detail()).contains("is not valid JSON");
    }

    @Test
    void remoteCarePlansOffKeepsTheRefusal() {
        start(INSTALLED, false);
        down(new ConfigUpdate(null, PUSHED));
        await().until(() -> !events().isEmpty());
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.priority()).isEqualTo(Priority.LOW);
            assertThat(e.detail()).isEqualTo("config refused: carePlan " + ConfigUpdate.carePlanDigest(PUSHED)
                    .substring(0, 12) + ": remote care plans are off on this hub (remoteCarePlans in hub.yaml); "
                    + "it keeps its installed plan");
        });
        assertThat(hub.refusedDownMessages()).isEqualTo(1);
        assertThat(hub.carePlanInForce()).isEqualTo(ConfigUpdate.carePlanDigest(INSTALLED));
        assertThat(planFile()).doesNotExist();
    }

    @Test
    void aPlanKeptBeforeRemotePlansWereTurnedOffIsNotRunAfterTheRestart() {
        start(INSTALLED, true);
        down(new ConfigUpdate(null, PUSHED));
        await().until(() -> !events().isEmpty());

        start(INSTALLED, false);
        assertThat(hub.carePlanInForce()).isEqualTo(ConfigUpdate.carePlanDigest(INSTALLED));
        assertThat(planFile()).doesNotExist();
    }

    @Test
    void aPlanThatCannotBeKeptIsRefused() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");
        start(null, new CarePlanSettings("defaults", true, notAFolder.resolve("plan.json")));
        down(new ConfigUpdate(null, PUSHED));
        // The hub told at start that it could not even read the place (a file where its folder should be), and
        // refuses the plan it could not keep.
        await().until(() -> events().stream().anyMatch(e -> e.detail().startsWith("config refused")));
        assertThat(events()).filteredOn(e -> e.detail().startsWith("config refused")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("cannot be kept on the hub ("));
        assertThat(hub.carePlanInForce()).isEqualTo("defaults");
        assertThat(engine.plan()).isEqualTo(CarePlan.defaults());
    }

    @Test
    void aHubBuiltWithoutCarePlanSettingsRefusesPushedPlansAndReportsDefaults() {
        start(null, CarePlanSettings.installedOnly(CarePlan.defaults()));
        assertThat(lastHeartbeatAfterAsking().carePlan()).isEqualTo("defaults");
        down(new ConfigUpdate(null, PUSHED));
        await().until(() -> events().size() == 1);
        assertThat(events().getFirst().detail()).startsWith("config refused: carePlan ")
                .contains("remote care plans are off");
    }

    /** Asks for a heartbeat the way the cloud can (a new interval is announced at once) and returns it. */
    private Heartbeat lastHeartbeatAfterAsking() {
        int before = heartbeats().size();
        int seconds = 600 + before; // a different value each time, so the answer is told apart
        down(new ConfigUpdate(seconds, null));
        await().until(() -> heartbeats().stream().anyMatch(h -> h.intervalS() == seconds));
        return heartbeats().getLast();
    }

    private List<Heartbeat> heartbeats() {
        return uplink.published(Channel.HEARTBEAT).stream().map(m -> (Heartbeat) m.body()).toList();
    }

    /**
     * The events about care plans, each once (the outbox re-sends what has no receipt when the clock moves on); the
     * answers to {@link #lastHeartbeatAfterAsking()} are left out.
     */
    private List<Event> events() {
        java.util.Set<MessageId> seen = new java.util.HashSet<>();
        return uplink.published(Channel.EVENT).stream().filter(m -> seen.add(m.id())).map(m -> (Event) m.body())
                .filter(e -> !e.detail().startsWith("config applied: heartbeatS")).toList();
    }

    private void down(Payload body) {
        Message m = new Message(Message.SCHEMA_VERSION, MessageId.random(), HUB, 1, clock.instant(), body);
        uplink.listener.received(Topics.of(TENANT, HUB, body.channel()).path(), codec.encode(m));
    }

    private record Published(String topic, byte[] payload, boolean retained) {
    }

    /** A link that is always up and keeps what was published. */
    private final class RecordingUplink implements Uplink {
        volatile Listener listener;
        final List<Published> sent = new CopyOnWriteArrayList<>();

        @Override
        public void start(Listener l) {
            listener = l;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public boolean publish(String topic, byte[] payload, boolean retained) {
            sent.add(new Published(topic, payload, retained));
            return true;
        }

        List<Message> published(Channel channel) {
            String suffix = "/" + channel.direction().level() + "/" + channel.level();
            return sent.stream().filter(p -> p.topic().endsWith(suffix)).map(p -> codec.decode(p.payload()))
                    .toList();
        }

        @Override
        public void close() {
        }
    }
}
