package org.hearthgate.sim.devices;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.drivers.gpio.ActiveLevel;
import org.hearthgate.drivers.gpio.GpioInput;
import org.hearthgate.drivers.gpio.GpioInputs;
import org.hearthgate.drivers.gpio.InputKind;
import org.hearthgate.drivers.gpio.Pull;

/**
 * Wired sensors on the hub's GPIO header, through Pi4J's mock platform: the hub's real {@link GpioInputs} driver
 * reads the pins, and the simulator sets their electrical level as a pendant receiver, door reed, bed pad, PIR relay
 * or UPS status line would. {@link #set} drives whichever level each input's {@code activeLevel} calls active;
 * {@link #input} wires the simple way, active HIGH with a pull-down.
 *
 * <p>An edge is reported at once when the line was quiet for the debounce window (50 ms): a caller that moves a
 * virtual clock forward between changes sees each change as one observation, delivered on the calling thread.
 */
public final class SimulatedGpio implements AutoCloseable {
    private final Context pi4j;
    private final Map<DeviceId, GpioInput> inputs = new LinkedHashMap<>();
    private final GpioInputs driver;

    public SimulatedGpio(List<GpioInput> wiring, Clock clock) {
        wiring.forEach(in -> inputs.put(in.device(), in));
        this.pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        this.driver = new GpioInputs(pi4j, wiring, clock);
    }

    /** An input wired the usual way: active HIGH, pull-down, default debounce. */
    public static GpioInput input(String device, InputKind kind, int bcm, String location) {
        return GpioInput.of(DeviceId.of(device), kind, bcm, ActiveLevel.HIGH, Pull.DOWN, location);
    }

    /** The driver to give the hub. */
    public GpioInputs driver() {
        return driver;
    }

    /** Drives the input of {@code device} to its active (pressed, open, occupied, motion, on battery) level or back. */
    public void set(DeviceId device, boolean active) {
        GpioInput in = inputs.get(device);
        if (in == null) {
            throw new IllegalArgumentException("no input wired for " + device);
        }
        boolean high = active == (in.activeLevel() == ActiveLevel.HIGH);
        pi4j.io(GpioInputs.ioId(in.pin()), MockDigitalInput.class).mockState(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    public boolean wired(DeviceId device) {
        return inputs.containsKey(device);
    }

    @Override
    public void close() {
        driver.close();
        pi4j.shutdown();
    }
}
