package org.hearthgate.sim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.drivers.fall.FallParameters;
import org.hearthgate.drivers.fall.FallPreAlarm;
import org.hearthgate.drivers.fall.WearableFallDriver;
import org.hearthgate.sim.fall.SisFallReader;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.sim.broker.Broker;
import org.hearthgate.sim.broker.EmbeddedBroker;
import org.hearthgate.sim.console.ConsoleClient;
import org.hearthgate.sim.demo.BackgroundHomes;
import org.hearthgate.sim.demo.DemoReporter;
import org.hearthgate.sim.demo.Scenario;
import org.hearthgate.sim.demo.SimulatedHome;
import org.hearthgate.sim.demo.SimulatedWearable;
import org.hearthgate.sim.stack.Stack;
import org.hearthgate.sim.stack.TempDirs;
import org.hearthgate.sim.scenario.HomeScenario;
import org.hearthgate.sim.scenario.Residence;
import org.hearthgate.sim.scenario.ScenarioRunner;
import org.hearthgate.sim.scenario.Scenarios;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.hub.uplink.MqttUplink;
import org.hearthgate.contract.wire.Topics;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hearthgate demo}: broker, cloud relay with console, and one hub with simulated devices, on this machine. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole system on this machine: an embedded MQTT 5 broker, the cloud relay with its "
                + "console, and one hub with simulated devices. Prints the console URL and the demo logins, each "
                + "with what to look at.",
            "Interactive, the other residents' homes also play a week of their lives in the background through hubs "
                + "of their own (a blood-pressure week, heart failure, a flat pendant), so the clinician's worklist, "
                + "the health overview and the family view have something real in them within a minute.",
            "With --headless it runs a scripted scenario, prints every alarm event as one JSON line, and exits 0 "
                + "when every alarm raised was delivered."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--headless", description = "No browser: run the scenario and print JSON lines.")
    boolean headless;

    @Option(names = "--scenario", defaultValue = "resident", paramLabel = "NAME",
            description = "Scenario to run (default: ${DEFAULT-VALUE}), or a resident scenario of './hearthgate sim' "
                    + "(played by a second hub, hub-sim, on a virtual clock); 'list' names them.")
    String scenarioName;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds (headless default 20; otherwise run until Ctrl-C).")
    Integer duration;

    @Option(names = "--port", defaultValue = "8080", description = "Console HTTP port (0: any free port).")
    int port;

    @Option(names = "--auto-respond", description = "A robot responder (signed in as " + Stack.ROBOT_USER
            + ") acknowledges each alarm after a second and resolves it after two. Always on with --headless; "
            + "otherwise the alarms wait for you at the console.")
    boolean autoRespond;

    @Option(names = "--falls", paramLabel = "DIR", description = "SisFall folder for the fall scenario "
            + "(default: ../shared/data/falls next to the repository).")
    Path falls;

    @Override
    public Integer call() throws Exception {
        if ("list".equals(scenarioName)) {
            for (Scenario s : Scenario.all()) {
                System.out.printf("%-10s %s%n", s.id(), s.description());
            }
            // The resident scenarios of ./hearthgate sim, played on a virtual clock by a second hub (hub-sim).
            for (HomeScenario s : Scenarios.all()) {
                System.out.printf("%-10s %s%n", s.id(), s.description());
            }
            return 0;
        }
        Scenario scenario = null;
        HomeScenario homeScenario = null;
        try {
            scenario = Scenario.of(scenarioName);
        } catch (IllegalArgumentException e) {
            homeScenario = Scenarios.byId(scenarioName).orElse(null);
            if (homeScenario == null) {
                System.err.println("demo: " + e.getMessage());
                return 2;
            }
        }
        String scenarioId = scenario != null ? scenario.id() : homeScenario.id();
        if (duration != null && duration < 1) {
            System.err.println("demo: --duration must be at least 1 second, was " + duration);
            return 2;
        }
        if (port < 0 || port > 65_535) {
            System.err.println("demo: --port must be 0..65535, was " + port);
            return 2;
        }
        int consoleWanted = headless ? 0 : port;
        if (consoleWanted != 0 && !free(consoleWanted)) {
            System.err.println(busy(consoleWanted));
            return 2;
        }
        int seconds = duration != null ? duration
                : headless ? (scenario == Scenario.FALL ? 40 : homeScenario != null ? 180 : 20) : Integer.MAX_VALUE;
        Clock clock = Clock.systemUTC();
        DemoReporter report = new DemoReporter(System.out);
        int brokerPort = Broker.freePort();
        ScheduledExecutorService script = Executors.newSingleThreadScheduledExecutor();
        Broker[] broker = {EmbeddedBroker.start(brokerPort)};
        // Ctrl-C ends the demo like --duration does, so the stack closes and its temp folders go.
        CountDownLatch end = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            end.countDown();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        BackgroundHomes homes = null;
        try (Stack stack = new Stack(broker[0].url(), Stack.tempDir(), clock)) {
            try {
                // The family's and neighbours' phones: what they would receive is printed as it arrives.
                stack.startRelay(consoleWanted, m -> report.line("message.delivered", "channel", m.channel(), "to",
                        m.address(), "text", m.text()));
            } catch (RuntimeException e) {
                if (causedBy(e, java.net.BindException.class)) {
                    System.err.println(busy(consoleWanted));
                    return 2;
                }
                throw e;
            }
            SimulatedHome home = new SimulatedHome(clock);
            ResidentId resident = ResidentId.of("res-demo");
            WearableFallDriver wearable = new WearableFallDriver(DeviceId.of("wearable-1"), resident,
                    SisFallReader.RATE_HZ, FallParameters.defaults(), FallPreAlarm.Config.DEFAULT, clock);
            stack.startHub(HubId.of("hub-demo"), resident, List.of(home, wearable), report, report);
            int consolePort = stack.relay().consolePort();
            report.line("demo.started", "console", "http://127.0.0.1:" + consolePort + "/", "user", Stack.DEMO_USER,
                    "password", Stack.DEMO_PASSWORD, "scenario", scenarioId, "broker", broker[0].url());
            // `./hearthgate sim SCENARIO --broker URL` plays its scenarios as this hub: the relay must know it.
            stack.relay().registry().register(Stack.TENANT, SIM_HUB);
            if (!headless) {
                // The other residents' homes play their weeks in the background, through hubs of their own, so the
                // worklist, the health overview and the family summary have something real in them within a minute.
                // (Headless runs stay one scenario: their JSON lines are what tests and scripts read.)
                for (BackgroundHomes.Home h : BackgroundHomes.HOMES) {
                    stack.relay().registry().register(Stack.TENANT, h.hub());
                }
                homes = new BackgroundHomes(broker[0].url(), report, clock).start(BackgroundHomes.HOMES);
                System.err.print(banner(consolePort));
            }
            Thread responder = headless || autoRespond
                    ? startResponder(consolePort, report, stack.robotPassword()) : null;
            // Set by the player when the scenario has run to its end as expected; a demo stopped before then is not.
            java.util.concurrent.atomic.AtomicBoolean homeAsExpected = new java.util.concurrent.atomic.AtomicBoolean();
            if (homeScenario != null) {
                playHomeScenario(homeScenario, broker[0].url(), report, homeAsExpected, end);
            } else switch (scenario) {
                case PENDANT -> {
                    script.schedule(home::pressPendant, 2, TimeUnit.SECONDS);
                    script.schedule(home::pressPendant, 9, TimeUnit.SECONDS);
                }
                case OUTAGE -> {
                    script.schedule(() -> {
                        report.line("broker.down");
                        broker[0].close();
                    }, 2, TimeUnit.SECONDS);
                    script.schedule(home::pressPendant, 3, TimeUnit.SECONDS);
                    script.schedule(() -> {
                        broker[0] = EmbeddedBroker.start(brokerPort);
                        report.line("broker.up");
                    }, 12, TimeUnit.SECONDS);
                }
                case RESIDENT -> script.scheduleAtFixedRate(home::pressPendant, 5, 120, TimeUnit.SECONDS);
                case FALL -> {
                    Path trial = fallsDir().resolve("SA01").resolve("F01_SA01_R01.txt.gz");
                    if (!Files.isReadable(trial)) {
                        System.err.println("demo: the fall scenario plays " + trial + ", which is not there; "
                                + "give the SisFall folder with --falls DIR");
                        return 2;
                    }
                    SimulatedWearable stream = new SimulatedWearable(wearable, trial, clock);
                    script.schedule(stream::start, 1, TimeUnit.SECONDS);
                }
            }
            end.await(seconds == Integer.MAX_VALUE ? Long.MAX_VALUE : seconds, TimeUnit.SECONDS);
            if (responder != null) {
                responder.interrupt();
            }
            if (homes != null) {
                homes.close();
            }
            script.shutdownNow();
            boolean allDelivered = report.summary(scenarioId);
            if (homeScenario != null) {
                // A resident scenario may rightly raise no alarm (quiet days, a flat pendant): its own check decides.
                return homeAsExpected.get() ? 0 : 1;
            }
            return allDelivered ? 0 : 1;
        } finally {
            if (homes != null) {
                homes.close(); // their hubs first: the broker is about to go
            }
            broker[0].close();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException stopping) {
                // the JVM is already shutting down: the hook is running and now returns
            }
        }
    }

    private static final HubId SIM_HUB = HubId.of("hub-sim");

    /** What to open, and what each login has to look at (stderr: stdout is the JSON lines). */
    private String banner(int consolePort) {
        String[][] logins = {
            {Stack.DEMO_USER + " / " + Stack.DEMO_PASSWORD, "responder: the live queue (Peggy's pendant, every two "
                    + "minutes) and Health (Arthur: his pendant's battery runs flat, then his hub goes silent)"},
            {"dr.okafor / hearthgate-clinician", "clinician: the worklist (Peggy's home blood pressure above the NICE "
                    + "stage 1 line, Nisha's weight gain), each with its trend"},
            {"sam / hearthgate-family", "family: Sam's view of his mum Peggy (her hub, last activity, her blood "
                    + "pressure this week)"},
            {"admin / hearthgate-admin", "admin: the directory, hubs, users, escalation policies and audit trail"}};
        StringBuilder b = new StringBuilder(String.format("%nConsole: http://127.0.0.1:%d/   (Ctrl-C to stop; the "
                + "service is docs/examples/directory.yaml)%n", consolePort));
        for (String[] l : logins) {
            b.append(String.format("  %-34s %s%n", l[0], l[1]));
        }
        b.append(String.format("The other homes play their past week in the background, through hubs of their own: "
                + "the worklist and Health fill within a minute.%nAlarms wait in the queue for you to acknowledge and "
                + "resolve them%s.%n%n", autoRespond ? " (or for the robot responder, --auto-respond)" : ""));
        return b.toString();
    }

    /**
     * Plays a resident scenario as hub-sim on a virtual clock, through the demo's broker and relay, on a thread of
     * its own; reports its outcome and, headless, ends the demo when it is done.
     */
    private void playHomeScenario(HomeScenario s, String brokerUrl, DemoReporter report,
            java.util.concurrent.atomic.AtomicBoolean asExpected,
            CountDownLatch end) {
        Thread player = new Thread(() -> {
            HubSettings settings = HubSettings.defaults(Stack.TENANT, SIM_HUB, ResidentId.of("res-sim"));
            Path work = TempDirs.create("hearthgate-sim");
            try {
                MqttUplink uplink = new MqttUplink(new MqttUplink.Settings(brokerUrl, "hub-" + SIM_HUB, null, null,
                        Topics.downTo(Stack.TENANT, SIM_HUB), Hub.statusTopic(settings),
                        Hub.lastWill(settings, Clock.systemUTC()), Duration.ofSeconds(10)));
                ScenarioRunner.Run run = ScenarioRunner.run(s, LocalDate.now(Residence.ZONE).minusDays(s.days()),
                        settings, uplink, work, report, report, Duration.ofSeconds(120));
                asExpected.set(run.asExpected());
                report.line("sim.done", "scenario", s.id(), "delivered", run.result().delivered().size(),
                        "undelivered", run.result().undelivered(), "asExpected", run.asExpected(), "problems",
                        run.problems());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                report.line("sim.error", "error", e.toString());
            } finally {
                TempDirs.deleteIfMadeHere(work);
                if (headless) {
                    end.countDown();
                }
            }
        }, "demo-sim");
        player.setDaemon(true);
        player.start();
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String busy(int port) {
        return "demo: port " + port + " is already in use (another demo?); use --port 0 for any free port";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A robot responder at the console (headless scenarios and --auto-respond only): reports each alarm the live feed
     * shows, acknowledges every alarm in the queue a second after it arrived, and resolves it a second later, signed
     * in under its own name so nobody takes its answers for a person's.
     */
    private static Thread startResponder(int consolePort, DemoReporter report, String password) {
        Thread t = new Thread(() -> {
            java.util.Map<String, Long> seen = new java.util.HashMap<>();
            try (ConsoleClient console = new ConsoleClient(consolePort).login(Stack.ROBOT_USER, password)
                    .follow()) {
                while (!Thread.currentThread().isInterrupted()) {
                    JsonNode e = console.nextEvent("alarm.received", Duration.ofMillis(250));
                    if (e != null) {
                        report.line("alarm.on-console", "alarm", e.path("data").path("alarm").path("id").asText(),
                                "sinceRaisedMs", e.path("data").path("latencyMs").asDouble());
                    }
                    long now = System.currentTimeMillis();
                    for (JsonNode a : console.get("/api/alarms")) {
                        if (BackgroundHomes.HOMES.stream().anyMatch(h -> h.hub().value().equals(
                                a.path("hub").asText()))) {
                            continue; // the background homes' alarms are for people to see: the worklist, the queue
                        }
                        String id = a.path("id").asText();
                        long first = seen.computeIfAbsent(id, k -> now);
                        String state = a.path("state").asText();
                        if ("RECEIVED".equals(state) && now - first >= 1000) {
                            console.act(id, "ack", "Help is on the way");
                        } else if ("ACKNOWLEDGED".equals(state) && now - first >= 2000) {
                            // who the console recorded: the robot's own account, never the person's
                            report.line("alarm.acknowledged.on-console", "alarm", id, "by",
                                    a.path("acknowledgedBy").asText());
                            console.resolve(id, "RESIDENT_OK_AFTER_CALL", "Resident is fine");
                            // the alarm's escalation, step by step, as the resident card's timeline shows it
                            for (JsonNode step : console.get("/api/alarms/" + id + "/timeline").path("timeline")) {
                                report.line("escalation.step", "alarm", id, "at", java.time.Instant.ofEpochMilli(
                                        step.path("at").asLong()).toString(), "kind",
                                        step.path("kind").asText(), "detail", step.path("detail").asText());
                            }
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                report.line("responder.error", "error", e.toString());
            }
        }, "demo-responder");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private Path fallsDir() {
        if (falls != null) {
            return falls;
        }
        String home = System.getProperty("hearthgate.home", ".");
        return Path.of(home).toAbsolutePath().getParent().resolve("shared").resolve("data").resolve("falls");
    }

}
