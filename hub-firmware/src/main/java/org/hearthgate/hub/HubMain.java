package org.hearthgate.hub;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.ble.BleDeviceDriver;
import org.hearthgate.drivers.ble.GattException;
import org.hearthgate.drivers.ble.GattTransport;
import org.hearthgate.drivers.ble.bluez.BluezGattTransport;
import org.hearthgate.drivers.coap.CoapSensors;
import org.hearthgate.drivers.gpio.GpioAnnunciator;
import org.hearthgate.drivers.gpio.GpioInputs;
import org.hearthgate.drivers.gpio.OutputPin;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.contract.wire.SmsAlarmCodec;
import org.hearthgate.hub.config.HubConfig;
import org.hearthgate.hub.fallback.SecondPath;
import org.hearthgate.hub.fallback.SerialSmsPath;
import org.hearthgate.hub.outbox.SqliteOutbox;
import org.hearthgate.hub.plan.CarePlanSettings;
import org.hearthgate.hub.uplink.MqttUplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub process: {@code java -jar hub-firmware.jar --config /etc/hearthgate/hub.yaml} on a Pi, or
 * {@code ./hearthgate hub --config hub.yaml}. Runs until SIGTERM; a bad configuration exits 2 naming the key.
 * {@code test-alarm --config hub.yaml} asks the hub running with that file for a test alarm (see {@link ControlSocket}).
 */
public final class HubMain {
    private static final Logger LOG = LoggerFactory.getLogger(HubMain.class);
    private static final String USAGE = "usage: hub [test-alarm] --config hub.yaml";

    private HubMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean testAlarm = args.length == 3 && ControlSocket.TEST_ALARM.equals(args[0]);
        String[] rest = testAlarm ? new String[] {args[1], args[2]} : args;
        if (rest.length != 2 || !"--config".equals(rest[0])) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Path file = Path.of(rest[1]);
        HubConfig config;
        try {
            config = load(file);
        } catch (ConfigException e) {
            System.err.println("hub: " + file + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (testAlarm) {
            System.exit(sendTestAlarm(config));
        }
        Hub hub;
        try {
            hub = build(config, Clock.systemUTC(), List.of());
        } catch (ConfigException e) {
            System.err.println("hub: " + file + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        ControlSocket control;
        try {
            control = ControlSocket.open(ControlSocket.pathFor(Path.of(config.outbox().path())), hub);
        } catch (IOException e) {
            System.err.println("hub: " + file + ": outbox.path: " + e.getMessage());
            hub.close();
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            hub.close();
            stopped.countDown();
        }, "hub-shutdown"));
        hub.start();
        stopped.await();
    }

    private static int sendTestAlarm(HubConfig config) {
        Path socket = ControlSocket.pathFor(Path.of(config.outbox().path()));
        try {
            String answer = ControlSocket.send(socket, ControlSocket.TEST_ALARM);
            System.out.println(answer);
            return answer.startsWith("ok") ? 0 : 1;
        } catch (IOException e) {
            System.err.println("hub: no hub answers on " + socket + " (" + e.getMessage()
                    + "); start it with the same hub.yaml first");
            return 1;
        }
    }

    /** Reads hub.yaml; a missing or unreadable file is a {@link ConfigException} saying why, once. */
    public static HubConfig load(Path file) {
        String yaml;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException("--config", "is a folder, not a hub.yaml");
            }
            yaml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", "no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException("--config", "cannot be read (permission denied)");
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return HubConfig.parse(yaml);
    }

    /**
     * The resident's installed care plan, from {@code carePlan} or the sourced defaults when the file names none, and
     * its digest (of the file's text, or {@code defaults}).
     */
    record InstalledPlan(CarePlan plan, String digest) {
    }

    static InstalledPlan installedPlan(HubConfig config) {
        if (config.carePlan() == null) {
            return new InstalledPlan(CarePlan.defaults(), CarePlanSettings.DEFAULTS);
        }
        try {
            String yaml = Files.readString(Path.of(config.carePlan()));
            return new InstalledPlan(CarePlan.parse(yaml), CarePlanSettings.digestOf(yaml));
        } catch (IOException e) {
            throw new ConfigException("carePlan", "cannot read " + config.carePlan() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException("carePlan", e.getMessage());
        }
    }

    /**
     * The MQTT client id, unique across tenants ({@code hub-0001@acme}): two tenants' hubs may share an id, and a
     * broker drops the older of two connections with one client id. No {@code /}: Mosquitto 2.1 refuses client ids
     * with one wherever the ACL uses patterns. The client id proves nothing; the user name does.
     */
    static String clientId(HubConfig config) {
        return config.hub() + "@" + config.tenant();
    }

    /**
     * The MQTT user name: {@code <tenant>/<hub>}, the two topic levels the shipped ACL lets this hub write under
     * (with a client certificate the broker takes its CN instead, which must be the same).
     */
    static String userName(HubConfig config) {
        String own = config.tenant() + "/" + config.hub();
        String given = config.broker().username();
        if (given == null) {
            return config.broker().password() == null ? null : own;
        }
        if (!given.equals(own)) {
            LoggerFactory.getLogger(HubMain.class).warn("broker.username is '{}'; the shipped broker ACL lets a hub "
                    + "publish only as '{}' (tenant/hub)", given, own);
        }
        return given;
    }

    /** Builds a hub from its configuration; {@code extraDrivers} come on top of those the file configures. */
    public static Hub build(HubConfig config, Clock clock, List<Driver> extraDrivers) {
        HubSettings settings = HubSettings.defaults(TenantId.of(config.tenant()), HubId.of(config.hub()),
                ResidentId.of(config.resident())).withHeartbeat(Duration.ofSeconds(config.heartbeatSeconds()));
        InstalledPlan plan = installedPlan(config);
        SqliteOutbox outbox = openOutbox(config.outbox());
        MqttUplink uplink = new MqttUplink(new MqttUplink.Settings(config.broker().url(), clientId(config),
                userName(config), config.broker().password() == null ? null
                        : config.broker().password().toCharArray(),
                Topics.downTo(settings.tenant(), settings.hub()), Hub.statusTopic(settings),
                Hub.lastWill(settings, clock), Duration.ofSeconds(10), config.broker().tls()));
        Hardware hardware = hardware(config, clock, extraDrivers, DEV);
        hardware.errors().forEach(e -> LOG.error("{}", e));
        hardware.warnings().forEach(w -> LOG.warn("{}", w));
        // A plan pushed by the cloud is kept next to the outbox, the hub's one data folder.
        CarePlanSettings carePlans = new CarePlanSettings(plan.digest(), config.remoteCarePlans(),
                CarePlanSettings.remoteFileFor(Path.of(config.outbox().path())));
        return new Hub(settings, outbox, uplink, new AlertEngine(settings.resident(), plan.plan(), clock),
                hardware.drivers(), hardware.annunciator(), HubObserver.NONE, clock, secondPath(config, settings),
                carePlans);
    }

    private static SqliteOutbox openOutbox(HubConfig.Outbox config) {
        Path path = Path.of(config.path());
        if (Files.isDirectory(path)) {
            throw new ConfigException("outbox.path", path + " is a folder; give a file, such as "
                    + path.resolve("outbox.db"));
        }
        try {
            return new SqliteOutbox(path, config.capacity());
        } catch (IllegalStateException e) {
            throw new ConfigException("outbox.path", e.getCause() instanceof FileSystemException f
                    ? "cannot create " + f.getFile() + ": " + (f.getReason() != null ? f.getReason()
                            : f instanceof AccessDeniedException ? "permission denied" : f.getClass().getSimpleName())
                    : e.getMessage());
        }
    }

    static final Path DEV = Path.of("/dev");

    /** The drivers and local outputs a hub gets, and what it could not have (each naming the hub.yaml key). */
    record Hardware(List<Driver> drivers, Annunciator annunciator, List<String> errors, List<String> warnings) {
    }

    /**
     * The devices hub.yaml names, on this machine. GPIO is used only where the kernel offers it ({@code /dev/gpiochip*}):
     * elsewhere Pi4J would fall back to its mock, whose idle pins read as a pressed pendant and whose devices all
     * report online, or crash the shipped jar. Without it the hub says so, naming the key, and runs its other devices.
     */
    static Hardware hardware(HubConfig config, Clock clock, List<Driver> extraDrivers, Path dev) {
        List<Driver> drivers = new ArrayList<>(extraDrivers);
        List<String> problems = new ArrayList<>();
        Annunciator annunciator = Annunciator.logging();
        HubConfig.Outputs outputs = config.outputs();
        if (outputs != null && outputs.voice()) {
            annunciator = Annunciator.both(annunciator, new SpeechAnnunciator(SpeechAnnunciator.ESPEAK));
        }
        boolean pins = outputs != null && outputs.hasPins();
        if (!config.gpio().isEmpty() || pins) {
            String keys = config.gpio().isEmpty() ? "outputs.ledPin/sounderPin"
                    : pins ? "gpio and outputs.ledPin/sounderPin" : "gpio";
            if (!hasGpioChip(dev)) {
                problems.add("no GPIO on this machine (no " + dev.resolve("gpiochip*") + "): the " + keys
                        + " entries in hub.yaml are not used (" + config.gpio().size() + " input(s) not read); "
                        + "the hub runs its other devices");
            } else {
                try {
                    Context pi4j = Pi4J.newAutoContext();
                    if (!config.gpio().isEmpty()) {
                        drivers.add(new GpioInputs(pi4j, config.gpio().stream()
                                .map(HubConfig.GpioInputConfig::toInput).toList(), clock));
                    }
                    if (pins) {
                        annunciator = Annunciator.both(annunciator, Annunciator.cues(new GpioAnnunciator(pi4j,
                                OutputPin.activeHigh(outputs.ledPin()), OutputPin.activeHigh(outputs.sounderPin()),
                                clock)));
                    }
                } catch (RuntimeException e) {
                    problems.add("GPIO unavailable (" + e.getMessage() + "): the " + keys
                            + " entries in hub.yaml are not used; the hub runs its other devices");
                }
            }
        }
        if (!config.coap().isEmpty()) {
            drivers.add(new CoapSensors(config.coap().stream().map(HubConfig.CoapSensorConfig::toSensor).toList(),
                    clock));
        }
        if (!config.bluetooth().isEmpty()) {
            try {
                GattTransport bluez = BluezGattTransport.open();
                for (HubConfig.BluetoothDevice d : config.bluetooth()) {
                    drivers.add(new BleDeviceDriver(d.toConfig(), bluez, clock));
                }
            } catch (GattException e) {
                // Without BlueZ the health devices are out, but alarms must still work: start, and say so loudly.
                problems.add("Bluetooth unavailable: the " + config.bluetooth().size()
                        + " device(s) under bluetooth in hub.yaml are not read: " + e.getMessage());
            }
        }
        List<String> warnings = new ArrayList<>();
        if (drivers.isEmpty()) {
            warnings.add("this hub reads no devices: hub.yaml has no usable gpio, bluetooth or coap entries, so no "
                    + "pendant or sensor can raise an alarm (./hearthgate hub test-alarm still can)");
        }
        return new Hardware(drivers, annunciator, problems, warnings);
    }

    static boolean hasGpioChip(Path dev) {
        try (DirectoryStream<Path> chips = Files.newDirectoryStream(dev, "gpiochip*")) {
            return chips.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** Link supervision and the periodic test always; the SMS fallback when {@code fallback.sms} is configured. */
    static SecondPath.Settings secondPath(HubConfig config, HubSettings settings) {
        HubConfig.Fallback f = config.fallback();
        SecondPath.Settings s = new SecondPath.Settings(Duration.ofSeconds(f.linkFailSeconds()),
                Duration.ofHours(f.testTransmissionHours()), null);
        if (f.sms() == null) {
            return s;
        }
        try {
            SmsAlarmCodec.checkFits(settings.tenant(), settings.hub(), settings.resident());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("fallback.sms", e.getMessage().replaceFirst("^sms: ", ""));
        }
        return s.withFallback(SecondPath.Fallback.of(new SerialSmsPath(f.sms().toSettings()),
                Duration.ofSeconds(f.sms().afterSeconds()), f.sms().attempts()));
    }
}
