package org.hearthgate.hub;

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
import org.hearthgate.contract.wire.Topics;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
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
import org.hearthgate.hub.uplink.MqttUplink;
import org.slf4j.LoggerFactory;

/**
 * The hub process: {@code java -jar hub-firmware.jar --config /etc/hearthgate/hub.yaml} on a Pi, or
 * {@code ./hearthgate hub --config hub.yaml}. Runs until SIGTERM; a bad configuration exits 2 naming the key.
 */
public final class HubMain {
    private HubMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !"--config".equals(args[0])) {
            System.err.println("usage: hub --config hub.yaml");
            System.exit(2);
        }
        HubConfig config;
        try {
            config = HubConfig.load(Path.of(args[1]));
        } catch (ConfigException e) {
            System.err.println("hub: " + args[1] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Hub hub;
        try {
            hub = build(config, Clock.systemUTC(), List.of());
        } catch (ConfigException e) {
            System.err.println("hub: " + args[1] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hub.close();
            stopped.countDown();
        }, "hub-shutdown"));
        hub.start();
        stopped.await();
    }

    /** The resident's care plan from {@code carePlan}, or the sourced defaults when the file names none. */
    static CarePlan carePlan(HubConfig config) {
        if (config.carePlan() == null) {
            return CarePlan.defaults();
        }
        try {
            return CarePlan.parse(java.nio.file.Files.readString(Path.of(config.carePlan())));
        } catch (java.io.IOException e) {
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
        MqttUplink uplink = new MqttUplink(new MqttUplink.Settings(config.broker().url(), clientId(config),
                userName(config), config.broker().password() == null ? null
                        : config.broker().password().toCharArray(),
                Topics.downTo(settings.tenant(), settings.hub()), Hub.statusTopic(settings),
                Hub.lastWill(settings, clock), Duration.ofSeconds(10), config.broker().tls()));
        List<Driver> drivers = new ArrayList<>(extraDrivers);
        Annunciator annunciator = Annunciator.logging();
        HubConfig.Outputs outputs = config.outputs();
        if (outputs != null && outputs.voice()) {
            annunciator = Annunciator.both(annunciator, new SpeechAnnunciator(SpeechAnnunciator.ESPEAK));
        }
        if (!config.gpio().isEmpty() || (outputs != null && outputs.hasPins())) {
            // The real GPIO provider (gpiod on the Pi), found by Pi4J's auto context.
            Context pi4j = Pi4J.newAutoContext();
            if (!config.gpio().isEmpty()) {
                drivers.add(new GpioInputs(pi4j, config.gpio().stream().map(HubConfig.GpioInputConfig::toInput)
                        .toList(), clock));
            }
            if (outputs != null && outputs.hasPins()) {
                annunciator = Annunciator.both(annunciator, Annunciator.cues(new GpioAnnunciator(pi4j,
                        OutputPin.activeHigh(config.outputs().ledPin()),
                        OutputPin.activeHigh(config.outputs().sounderPin()), clock)));
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
                LoggerFactory.getLogger(HubMain.class).error("Bluetooth unavailable, {} device(s) not read: {}",
                        config.bluetooth().size(), e.getMessage());
            }
        }
        return new Hub(settings, new SqliteOutbox(Path.of(config.outbox().path()), config.outbox().capacity()), uplink,
                new AlertEngine(settings.resident(), carePlan(config), clock), drivers, annunciator, HubObserver.NONE,
                clock, secondPath(config, settings));
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
