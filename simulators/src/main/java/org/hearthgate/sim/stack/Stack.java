package org.hearthgate.sim.stack;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.drivers.Driver;
import org.hearthgate.hub.Annunciator;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.hub.fallback.SecondPath;
import org.hearthgate.hub.outbox.SqliteOutbox;
import org.hearthgate.hub.plan.CarePlanSettings;
import org.hearthgate.hub.uplink.MqttUplink;
import org.hearthgate.relay.Relay;
import org.hearthgate.relay.console.Users;

/**
 * The whole system on one machine: a cloud relay and hubs against one broker, with their stores in a working
 * directory. Used by {@code ./hearthgate demo} and by the end-to-end tests, so both exercise the same wiring.
 */
public final class Stack implements AutoCloseable {
    public static final TenantId TENANT = TenantId.of("demo");
    public static final String DEMO_USER = "responder";
    public static final String DEMO_PASSWORD = "hearthgate-demo";
    /**
     * The simulated responder of headless scenarios signs in under its own name, so the console and the hub show a
     * robot's answer as a robot's; its password is new for every stack and never printed.
     */
    public static final String ROBOT_USER = "robot-responder";

    private final String brokerUrl;
    private final Path workDir;
    private final Clock clock;
    private final List<Hub> hubs = new ArrayList<>();
    private final List<HubId> hubIds = new ArrayList<>();
    private final String robotPassword = java.util.UUID.randomUUID().toString();
    private Relay relay;

    public Stack(String brokerUrl, Path workDir, Clock clock) {
        this.brokerUrl = brokerUrl;
        this.workDir = workDir;
        this.clock = clock;
    }

    /** A fresh working directory that the stack using it deletes when it closes. */
    public static Path tempDir() {
        return TempDirs.create("hearthgate-stack");
    }

    /**
     * Starts the relay with its console on {@code consolePort} (0: any free port), the sample service's care
     * directory (docs/examples/directory.yaml: residents, circles, hubs) and its logins, and the demo responder login.
     */
    public Relay startRelay(int consolePort) {
        return startRelay(consolePort, null);
    }

    /**
     * As {@link #startRelay(int)}, with the demo's escalation policy and, when {@code phones} is given, the family's
     * and neighbours' simulated phones and mailboxes (SMS and e-mail delivered in process, to be printed).
     */
    public Relay startRelay(int consolePort, java.util.function.Consumer<org.hearthgate.relay.notify.Outgoing> phones) {
        Users users = new Users(clock);
        users.addWithPassword(DEMO_USER, TENANT, org.hearthgate.relay.directory.Role.RESPONDER,
                DEMO_PASSWORD.toCharArray());
        users.addWithPassword(ROBOT_USER, TENANT, org.hearthgate.relay.directory.Role.RESPONDER,
                robotPassword.toCharArray());
        Path policy = workDir.resolve("escalation.yaml");
        try (java.io.InputStream in = Stack.class.getClassLoader().getResourceAsStream("demo/escalation.yaml")) {
            java.nio.file.Files.write(policy, in.readAllBytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<org.hearthgate.relay.notify.Notifier> inProcess = phones == null ? List.of() : List.of(
                new org.hearthgate.relay.notify.InProcessNotifier(org.hearthgate.relay.notify.Channel.SMS, phones),
                new org.hearthgate.relay.notify.InProcessNotifier(org.hearthgate.relay.notify.Channel.EMAIL, phones));
        relay = new Relay(new Relay.Settings(brokerUrl, "relay-1", null, null, "relay",
                workDir.resolve("relay.db").toString(), "127.0.0.1", consolePort), new Relay.People(null, null,
                        consolePort == 0 ? null : "http://127.0.0.1:" + consolePort, java.util.Map.of(TENANT, policy),
                        inProcess), users, clock);
        // The sample service (residents, circles, hubs, logins) in the relay's own database: its directory.
        DemoDirectory.importInto(relay.directory());
        relay.start();
        // The relay takes messages only from registered hubs: the demo registers its own.
        hubIds.forEach(h -> relay.registry().register(TENANT, h));
        return relay;
    }

    /**
     * Starts one hub for one resident; its outbox and any care plan the cloud pushed live in the work directory, so a
     * restarted hub finds them.
     */
    public Hub startHub(HubId hubId, ResidentId resident, List<Driver> drivers, HubObserver observer,
            Annunciator annunciator) {
        return startHub(HubSettings.defaults(TENANT, hubId, resident).withHeartbeat(Duration.ofSeconds(10)), drivers,
                observer, annunciator);
    }

    public Hub startHub(HubSettings settings, List<Driver> drivers, HubObserver observer, Annunciator annunciator) {
        HubId hubId = settings.hub();
        ResidentId resident = settings.resident();
        hubIds.add(hubId);
        if (relay != null) {
            relay.registry().register(settings.tenant(), hubId);
        }
        MqttUplink uplink = new MqttUplink(new MqttUplink.Settings(brokerUrl, "hub-" + hubId, null, null,
                org.hearthgate.contract.wire.Topics.downTo(settings.tenant(), hubId), Hub.statusTopic(settings),
                Hub.lastWill(settings, clock), Duration.ofSeconds(10)));
        Path outbox = workDir.resolve("outbox-" + hubId + ".db");
        // The demo's hubs run the default plan and take the plans the console's editor pushes, keeping them next to
        // their outbox as a real hub does, so a restarted hub runs the pushed plan again.
        CarePlanSettings carePlans = new CarePlanSettings(CarePlanSettings.DEFAULTS, true,
                CarePlanSettings.remoteFileFor(outbox));
        Hub hub = new Hub(settings, new SqliteOutbox(outbox, 100_000), uplink,
                new AlertEngine(resident, org.hearthgate.alerts.plan.CarePlan.defaults(), clock), drivers, annunciator,
                observer, clock, SecondPath.Settings.defaults(), carePlans);
        hub.start();
        hubs.add(hub);
        return hub;
    }

    public String robotPassword() {
        return robotPassword;
    }

    public Relay relay() {
        return relay;
    }

    /** The demo's care directory (after {@link #startRelay}). */
    public org.hearthgate.relay.directory.SqlCareDirectory directory() {
        return relay == null ? null : relay.directory();
    }

    @Override
    public void close() {
        for (Hub h : hubs) {
            h.close();
        }
        if (relay != null) {
            relay.close();
        }
        TempDirs.deleteIfMadeHere(workDir);
    }
}
