package org.hearthgate.drivers.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;

/** Pi4J's mock platform: pins that tests set by hand. A context takes about a second, so share one per class. */
final class MockPi4j {
    private MockPi4j() {
    }

    static Context newContext() {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
    }

    /** Drives the mock input on BCM {@code pin} (created by {@link GpioInputs}) to {@code high}. */
    static void drive(Context pi4j, int pin, boolean high) {
        pi4j.io(GpioInputs.ioId(pin), MockDigitalInput.class).mockState(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    static boolean isHigh(Context pi4j, String ioId) {
        return pi4j.io(ioId, DigitalOutput.class).state() == DigitalState.HIGH;
    }
}
