package org.hearthgate.hub.config;

import java.nio.file.Path;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.drivers.ble.BleDeviceConfig;
import org.hearthgate.drivers.coap.CoapSensor;
import org.hearthgate.drivers.coap.PskCredentials;
import org.hearthgate.drivers.coap.SensorKind;
import org.hearthgate.drivers.gpio.ActiveLevel;
import org.hearthgate.drivers.gpio.GpioInput;
import org.hearthgate.drivers.gpio.InputKind;
import org.hearthgate.drivers.gpio.Pull;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.config.YamlConfig;
import org.hearthgate.hub.fallback.SerialSmsPath;
import org.hearthgate.mqtt.Tls;

/**
 * The hub's configuration file (YAML), read once at start into validated records. A bad value fails start-up with
 * the key and the reason; an unknown key is an error too, because a misspelt key silently ignored on a safety device
 * is a setting that does not apply.
 *
 * <p>{@code remoteCarePlans} (default true): a care plan pushed from the cloud's editor (validated, versioned and
 * audited there) replaces {@code carePlan} until that file is edited; false refuses such plans, as hubs did before.
 */
public record HubConfig(String tenant, String hub, String resident, Broker broker, Outbox outbox,
        Integer heartbeatSeconds, List<GpioInputConfig> gpio, Outputs outputs, List<BluetoothDevice> bluetooth,
        List<CoapSensorConfig> coap, String carePlan, Fallback fallback, Boolean remoteCarePlans) {

    /**
     * The broker and how the hub proves who it is: a password, or (better) its own certificate and key from the
     * deployment's private CA, whose CN is {@code <tenant>/<hub>}. {@code caFile} is the CA the broker's certificate
     * must come from; without it an {@code ssl://} broker must have a certificate from a public CA. The files are
     * read here, at start-up, so a missing or wrong one stops the hub naming the key.
     */
    public record Broker(String url, String username, String password, String caFile, String certFile,
            String keyFile) {
        public Broker {
            Require.present(url, "url");
            if (!url.matches("(tcp|ssl|ws|wss)://.+")) {
                throw new IllegalArgumentException("url: '" + url + "' must start with tcp://, ssl://, ws:// or wss://");
            }
            Tls.forBroker(url, caFile, certFile, keyFile);
        }

        /** The TLS socket factory for these files; null when none is given (plain TCP, or the JDK's public CAs). */
        public SSLSocketFactory tls() {
            return Tls.forBroker(url, caFile, certFile, keyFile);
        }

    }

    public record Outbox(String path, Integer capacity) {
        public Outbox {
            Require.present(path, "path");
            capacity = capacity == null ? 200_000 : capacity;
            Require.between(capacity, 100, 10_000_000, "capacity");
        }
    }

    /** One GPIO input: BCM pin, active level HIGH/LOW, pull UP/DOWN/OFF, debounce in ms. */
    public record GpioInputConfig(String device, InputKind kind, int pin, ActiveLevel activeLevel, Pull pull,
            Integer debounceMs, String location) {
        public GpioInputConfig {
            DeviceId.of(Require.present(device, "device"));
            Require.present(kind, "kind");
            Require.between(pin, 0, 53, "pin");
            activeLevel = activeLevel == null ? ActiveLevel.HIGH : activeLevel;
            pull = pull == null ? Pull.OFF : pull;
            debounceMs = debounceMs == null ? 50 : debounceMs;
            Require.between(debounceMs, 0, 10_000, "debounceMs");
        }

        public GpioInput toInput() {
            return new GpioInput(DeviceId.of(device), kind, pin, activeLevel, pull, Duration.ofMillis(debounceMs),
                    location);
        }
    }

    /** A Bluetooth health device (cuff, oximeter, thermometer, scale, glucose meter), paired through BlueZ. */
    public record BluetoothDevice(String device, String address) {
        public BluetoothDevice {
            toConfig(device, address);
        }

        public BleDeviceConfig toConfig() {
            return toConfig(device, address);
        }

        private static BleDeviceConfig toConfig(String device, String address) {
            return BleDeviceConfig.of(DeviceId.of(Require.present(device, "device")), address);
        }
    }

    /** A CoAP sensor resource to observe; with {@code pskIdentity} and {@code pskHex} it is reached over DTLS. */
    public record CoapSensorConfig(String device, SensorKind kind, String uri, String location, String pskIdentity,
            String pskHex) {
        public CoapSensorConfig {
            toSensor(device, kind, uri, location, pskIdentity, pskHex);
        }

        public CoapSensor toSensor() {
            return toSensor(device, kind, uri, location, pskIdentity, pskHex);
        }

        private static CoapSensor toSensor(String device, SensorKind kind, String uri, String location,
                String pskIdentity, String pskHex) {
            DeviceId id = DeviceId.of(Require.present(device, "device"));
            Require.present(kind, "kind");
            URI u;
            try {
                u = new URI(Require.present(uri, "uri"));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("uri: " + e.getMessage());
            }
            if ((pskIdentity == null) != (pskHex == null)) {
                throw new IllegalArgumentException("pskHex: give both pskIdentity and pskHex, or neither");
            }
            return pskIdentity == null ? CoapSensor.plain(id, kind, u, location)
                    : CoapSensor.secure(id, kind, u, location, PskCredentials.ofHex(pskIdentity, pskHex));
        }
    }

    /**
     * Local annunciation: the hub's LED and sounder (BCM pins, active high; both or neither) and a spoken voice
     * through {@code espeak-ng} on the hub's speaker.
     */
    public record Outputs(Integer ledPin, Integer sounderPin, Boolean voice) {
        public Outputs {
            if ((ledPin == null) != (sounderPin == null)) {
                throw new IllegalArgumentException("sounderPin: give both ledPin and sounderPin, or neither");
            }
            if (ledPin != null) {
                Require.between(ledPin, 0, 53, "ledPin");
                Require.between(sounderPin, 0, 53, "sounderPin");
                if (ledPin.equals(sounderPin)) {
                    throw new IllegalArgumentException("sounderPin: the same pin as ledPin");
                }
            }
            voice = voice != null && voice;
        }

        public boolean hasPins() {
            return ledPin != null;
        }
    }

    /**
     * The hub's second path: an uplink down {@code linkFailSeconds} (default 120) is reported as LINK_FAIL, an
     * end-to-end test transmission goes up every {@code testTransmissionHours} (default 24), and with {@code sms} an
     * alarm without its receipt goes by SMS too.
     */
    public record Fallback(Integer linkFailSeconds, Integer testTransmissionHours, Sms sms) {
        public Fallback {
            linkFailSeconds = linkFailSeconds == null ? 120 : linkFailSeconds;
            Require.between(linkFailSeconds, 10, 86_400, "linkFailSeconds");
            testTransmissionHours = testTransmissionHours == null ? 24 : testTransmissionHours;
            Require.between(testTransmissionHours, 1, 744, "testTransmissionHours");
        }
    }

    /**
     * SMS through a cellular modem: {@code port} (serial device), {@code number} (the cloud's SMS gateway,
     * international form), {@code afterSeconds} without a receipt before an alarm goes by SMS too (default 30),
     * {@code baud} (115200), {@code attempts} per alarm (3).
     */
    public record Sms(String port, String number, Integer afterSeconds, Integer baud, Integer attempts) {
        public Sms {
            afterSeconds = afterSeconds == null ? 30 : afterSeconds;
            Require.between(afterSeconds, 1, 3600, "afterSeconds");
            baud = baud == null ? 115_200 : baud;
            attempts = attempts == null ? 3 : attempts;
            Require.between(attempts, 1, 10, "attempts");
            toSettings(port, number, baud);
        }

        public SerialSmsPath.Settings toSettings() {
            return toSettings(port, number, baud);
        }

        private static SerialSmsPath.Settings toSettings(String port, String number, int baud) {
            return SerialSmsPath.Settings.of(port, number, baud);
        }
    }

    public HubConfig {
        TenantId.of(Require.present(tenant, "tenant"));
        HubId.of(Require.present(hub, "hub"));
        ResidentId.of(Require.present(resident, "resident"));
        Require.present(broker, "broker");
        Require.present(outbox, "outbox");
        heartbeatSeconds = heartbeatSeconds == null ? 60 : heartbeatSeconds;
        Require.between(heartbeatSeconds, 10, 3600, "heartbeatSeconds");
        gpio = gpio == null ? List.of() : List.copyOf(gpio);
        bluetooth = bluetooth == null ? List.of() : List.copyOf(bluetooth);
        coap = coap == null ? List.of() : List.copyOf(coap);
        fallback = fallback == null ? new Fallback(null, null, null) : fallback;
        remoteCarePlans = remoteCarePlans == null || remoteCarePlans;
        java.util.Set<Integer> pins = new java.util.HashSet<>();
        for (int i = 0; i < gpio.size(); i++) {
            if (!pins.add(gpio.get(i).pin())) {
                throw new IllegalArgumentException("gpio[" + i + "].pin: BCM " + gpio.get(i).pin() + " is used twice");
            }
        }
    }

    public static HubConfig load(Path file) {
        return YamlConfig.load(file, HubConfig.class);
    }

    public static HubConfig parse(String yaml) {
        return YamlConfig.parse(yaml, HubConfig.class);
    }
}
