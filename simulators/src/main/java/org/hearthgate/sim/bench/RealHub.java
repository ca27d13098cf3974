package org.hearthgate.sim.bench;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.gpio.ActiveLevel;
import org.hearthgate.drivers.gpio.GpioInput;
import org.hearthgate.drivers.gpio.GpioInputs;
import org.hearthgate.drivers.gpio.InputKind;
import org.hearthgate.drivers.gpio.Pull;
import org.hearthgate.hub.Annunciator;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.hub.outbox.SqliteOutbox;
import org.hearthgate.hub.uplink.MqttUplink;

/**
 * The real hub code ({@link Hub}, its SQLite outbox, MQTT uplink and alert engine) in the bench's JVM, with pendant
 * receivers wired to GPIO pins of Pi4J's mock platform: a press is a level change on a pin, as on a Pi, so the alarm
 * goes through the driver's debounce, the rules, the outbox and the uplink like a resident's press would.
 */
final class RealHub implements AutoCloseable {
    /** The driver's debounce: a level must hold this long to count. */
    static final Duration DEBOUNCE = Duration.ofMillis(50);
    /** One pendant per BCM GPIO line: a Pi's SoC has 54. */
    static final int MAX_PENDANTS = 54;
    private static final Annunciator SILENT = new Annunciator() {
        @Override
        public void announce(org.hearthgate.hub.Announcement announcement) {
        }

        @Override
        public void prompt(String text, boolean cancellable) {
        }
    };

    private final Context pi4j;
    private final Hub hub;
    private final SqliteOutbox outbox;
    private final int pendants;

    private RealHub(Context pi4j, Hub hub, SqliteOutbox outbox, int pendants) {
        this.pi4j = pi4j;
        this.hub = hub;
        this.outbox = outbox;
        this.pendants = pendants;
    }

    /**
     * Starts a hub with {@code pendants} pendant receivers (BCM pins 0..pendants-1; each pendant is its own device,
     * so presses on different pendants are different alarms) connecting to {@code brokerUrl}.
     */
    static RealHub start(HubSettings settings, String brokerUrl, Path outboxFile, int outboxCapacity, int pendants,
            HubObserver observer, Clock clock) {
        if (pendants < 0 || pendants > MAX_PENDANTS) {
            throw new IllegalArgumentException("pendants: 0.." + MAX_PENDANTS);
        }
        Context pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        List<GpioInput> inputs = new ArrayList<>();
        for (int pin = 0; pin < pendants; pin++) {
            inputs.add(new GpioInput(DeviceId.of("pendant-" + pin), InputKind.PENDANT, pin, ActiveLevel.HIGH,
                    Pull.DOWN, DEBOUNCE, "bench"));
        }
        List<Driver> drivers = pendants == 0 ? List.of() : List.of(new GpioInputs(pi4j, inputs, clock));
        TenantId tenant = settings.tenant();
        HubId id = settings.hub();
        MqttUplink uplink = new MqttUplink(new MqttUplink.Settings(brokerUrl, "hub-" + id, null, null,
                Topics.downTo(tenant, id), Hub.statusTopic(settings), Hub.lastWill(settings, clock),
                Duration.ofSeconds(10)));
        SqliteOutbox outbox = new SqliteOutbox(outboxFile, outboxCapacity);
        ResidentId resident = settings.resident();
        Hub hub = new Hub(settings, outbox, uplink, new AlertEngine(resident, CarePlan.defaults(), clock), drivers,
                SILENT, observer, clock);
        hub.start();
        return new RealHub(pi4j, hub, outbox, pendants);
    }

    Hub hub() {
        return hub;
    }

    long evicted() {
        return outbox.evicted();
    }

    /**
     * The contact of pendant {@code pin} closes (the pin goes high). The hub may raise its alarm before this returns:
     * take the time before calling.
     */
    void press(int pin) {
        if (pin < 0 || pin >= pendants) {
            throw new IllegalArgumentException("no pendant on pin " + pin);
        }
        pi4j.io(GpioInputs.ioId(pin), MockDigitalInput.class).mockState(DigitalState.HIGH);
    }

    /** The contact of pendant {@code pin} opens again. */
    void release(int pin) {
        pi4j.io(GpioInputs.ioId(pin), MockDigitalInput.class).mockState(DigitalState.LOW);
    }

    @Override
    public void close() {
        hub.close();
        pi4j.shutdown();
    }
}
