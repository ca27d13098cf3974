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
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.drivers.gpio.ActiveLevel;
import org.hearthgate.drivers.gpio.GpioInput;
import org.hearthgate.drivers.gpio.GpioInputs;
import org.hearthgate.drivers.gpio.InputKind;
import org.hearthgate.drivers.gpio.Pull;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubMain;
import org.hearthgate.hub.config.HubConfig;

/**
 * The hub process of {@code bench hub}: {@link HubMain#build} from a hub.yaml (broker, outbox, CoAP sensors), plus
 * door contacts on Pi4J's mock GPIO, which HubMain does not use off a Pi (it needs /dev/gpiochip*), given to it as
 * extra drivers. A door opens or closes every {@code 10 s / gpio} on average, so the GPIO path is exercised too.
 * Usage: {@code FootprintHub --config hub.yaml --gpio N}.
 */
public final class FootprintHub {
    private FootprintHub() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4 || !"--config".equals(args[0]) || !"--gpio".equals(args[2])) {
            System.err.println("usage: FootprintHub --config hub.yaml --gpio N");
            System.exit(2);
        }
        HubConfig config = HubMain.load(Path.of(args[1]));
        int gpio = Integer.parseInt(args[3]);
        Clock clock = Clock.systemUTC();
        Context pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        List<GpioInput> inputs = new ArrayList<>();
        for (int pin = 0; pin < gpio; pin++) {
            inputs.add(new GpioInput(DeviceId.of("door-" + pin), InputKind.DOOR, pin, ActiveLevel.HIGH, Pull.DOWN,
                    Duration.ofMillis(50), "bench"));
        }
        Hub hub = HubMain.build(config, clock, gpio == 0 ? List.of() : List.of(new GpioInputs(pi4j, inputs, clock)));
        ScheduledExecutorService doors = Executors.newSingleThreadScheduledExecutor();
        Random random = new Random(7);
        boolean[] open = new boolean[gpio];
        if (gpio > 0) {
            doors.scheduleAtFixedRate(() -> {
                int pin = random.nextInt(gpio);
                open[pin] = !open[pin];
                pi4j.io(GpioInputs.ioId(pin), MockDigitalInput.class).mockState(open[pin] ? DigitalState.HIGH
                        : DigitalState.LOW);
            }, 10_000 / gpio, 10_000 / gpio, TimeUnit.MILLISECONDS);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            doors.shutdownNow();
            hub.close();
            pi4j.shutdown();
            stopped.countDown();
        }, "hub-shutdown"));
        hub.start();
        stopped.await();
    }
}
