package org.hearthgate.sim.demo;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.hub.uplink.MqttUplink;
import org.hearthgate.sim.scenario.HomeScenario;
import org.hearthgate.sim.scenario.Residence;
import org.hearthgate.sim.scenario.ScenarioRunner;
import org.hearthgate.sim.scenario.Scenarios;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;

/**
 * The interactive demo's other homes, so every part of the console has something real in it: each plays a resident
 * scenario of {@code ./hearthgate sim} through a real {@link Hub} with simulated devices (GPIO, Bluetooth GATT frames,
 * a radio pendant) and a real MQTT connection to the demo's broker, on a virtual clock that ends this morning, and then
 * lives on in real time (the hub's clock follows the wall clock, its heartbeat keeps it online). Nothing is written
 * to the relay's store except by the relay, from what these hubs send.
 *
 * <p>The relay orders and ages alarms by its own receive time, so an alarm raised on day 6 of a week played in
 * seconds arrives, and queues, as now; the readings keep their measurement times, so the week shows as a week.
 */
public final class BackgroundHomes implements AutoCloseable {
    /** Real time between the steps that keep a home's clock on the wall clock after its scenario. */
    static final Duration FOLLOW = Duration.ofSeconds(15);
    /** The background hubs' heartbeat: the shortest a hub accepts, so a silent one is noticed within half a minute. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);

    /**
     * One home of the demo directory (simulators' {@code demo/directory.yaml}).
     *
     * @param name          whose it is, as the banner says it
     * @param scenario      the resident scenario it plays
     * @param bloodPressure after it: keeps taking the morning and evening blood pressure
     * @param weigh         after it: keeps weighing every morning
     * @param broadbandOff  after it: the home's broadband goes off and stays off (the cloud raises "hub offline")
     */
    public record Home(String name, ResidentId resident, HubId hub, String scenario, boolean bloodPressure,
            boolean weigh, boolean broadbandOff) {
        public HomeScenario homeScenario() {
            return Scenarios.byId(scenario).orElseThrow(() -> new IllegalStateException("no scenario " + scenario));
        }
    }

    /**
     * Peggy's blood-pressure kit (her second hub, beside the pendant's): a week climbing over the NICE NG136 home
     * stage 1 line, for Dr Okafor's worklist and Sam's summary. Nisha: heart failure, the morning weight climbing,
     * for the worklist too. Arthur: his radio pendant's battery runs flat (battery low, then missing), and then his
     * broadband goes off, so the responders' health overview has a home in trouble.
     */
    public static final List<Home> HOMES = List.of(
            new Home("Peggy", ResidentId.of("res-demo"), HubId.of("hub-0001"), "hypertensive-week", true, false, false),
            new Home("Nisha", ResidentId.of("res-7f3a"), HubId.of("hub-0003"), "heart-failure", false, true, false),
            new Home("Arthur", ResidentId.of("res-sim"), HubId.of("hub-0002"), "flat-pendant", false, false, true));

    private final String brokerUrl;
    private final DemoReporter report;
    private final Clock clock;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Thread> players = new ArrayList<>();

    public BackgroundHomes(String brokerUrl, DemoReporter report, Clock clock) {
        this.brokerUrl = brokerUrl;
        this.report = report;
        this.clock = clock;
    }

    /** Starts every home on a thread of its own and returns at once. */
    public BackgroundHomes start(List<Home> homes) {
        for (Home h : homes) {
            Thread t = new Thread(() -> play(h), "demo-home-" + h.hub().value());
            t.setDaemon(true);
            players.add(t);
            t.start();
        }
        return this;
    }

    private void play(Home h) {
        HomeScenario s = h.homeScenario();
        HubSettings settings = HubSettings.defaults(Stack.TENANT, h.hub(), h.resident()).withHeartbeat(HEARTBEAT);
        Path work = TempDirs.create("hearthgate-home");
        try {
            MqttUplink uplink = new MqttUplink(new MqttUplink.Settings(brokerUrl, "hub-" + h.hub(), null, null,
                    Topics.downTo(Stack.TENANT, h.hub()), Hub.statusTopic(settings), Hub.lastWill(settings, clock),
                    Duration.ofSeconds(10)));
            ScenarioRunner.run(s, ScenarioRunner.firstDayEndingBefore(s, clock.instant().atZone(Residence.ZONE)),
                    settings, uplink, work, ScenarioRunner.SILENT, HubObserver.NONE, Duration.ofSeconds(120),
                    (home, run) -> {
                        report.line("home.played", "resident", h.resident().value(), "hub", h.hub().value(),
                                "scenario", s.id(), "delivered", run.result().delivered().size(), "asExpected",
                                run.asExpected(), "problems", run.problems());
                        livesOn(h, home);
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            report.line("home.error", "hub", h.hub().value(), "scenario", s.id(), "error", e.toString());
        } finally {
            TempDirs.deleteIfMadeHere(work);
        }
    }

    /** Catches the home's clock up with the wall clock, then keeps it there until the demo ends. */
    private void livesOn(Home h, Residence home) throws InterruptedException {
        home.liveUntil(LocalDateTime.ofInstant(clock.instant(), Residence.ZONE), h.bloodPressure(), h.weigh());
        boolean online = true;
        while (!stop.await(FOLLOW.toMillis(), TimeUnit.MILLISECONDS)) {
            // Off only after a follow step (longer than a heartbeat): the cloud has heard the hub announce its 10 s
            // heartbeat, so it raises "hub offline" after 30 s of silence, not after three default minutes.
            if (h.broadbandOff() && online) {
                online = false;
                home.broadband(false);
                report.line("home.broadband.off", "resident", h.resident().value(), "hub", h.hub().value());
            }
            home.liveUntil(LocalDateTime.ofInstant(clock.instant(), Residence.ZONE), h.bloodPressure(), h.weigh());
        }
    }

    /** Stops the homes: each hub closes (its outbox and work folder go with it). */
    @Override
    public void close() {
        stop.countDown();
        for (Thread t : players) {
            t.interrupt();
        }
        for (Thread t : players) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
