package org.hearthgate.drivers.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.DriverCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's wired alarm and activity inputs (pendant receiver, pull-cords, fall mat, PIR, door contacts, pressure
 * pads, hazard detector relays, UPS "on battery" line) read through Pi4J.
 *
 * <p>Each debounced level change becomes one observation (see {@link InputObservations}). On start every input
 * reports {@code DeviceStatus} ONLINE, or ERROR when its pin cannot be claimed, and its current level: a state input
 * reports its state, an alarm input that is already active (a pull-cord left pulled across a reboot) reports its
 * alarm, because a hub restart must never swallow one.
 *
 * <p>The Pi4J context belongs to the caller, who also shuts it down; {@link #close()} releases only this driver's
 * pins. Debounce runs on the injected clock: the driver settles bursts on its own timer thread, and {@link #tick()}
 * lets a test that moves a fake clock do the same deterministically.
 */
public final class GpioInputs implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(GpioInputs.class);
    /**
     * A contact settles within milliseconds; a line that never stays quiet for the debounce window for this long is
     * faulty (a failing relay, interference on a long cable) and hides real edges, so it is reported as an error.
     */
    static final Duration CHATTER_LIMIT = Duration.ofSeconds(5);

    private final Context pi4j;
    private final List<GpioInput> inputs;
    private final Clock clock;
    private final String providerId;
    private final Object lock = new Object();
    private final List<Channel> channels = new ArrayList<>();
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> settleTask;
    private DriverCallback callback;
    private boolean closed;

    /** Inputs on whichever digital-input provider the context offers, real hardware before the mock. */
    public GpioInputs(Context pi4j, List<GpioInput> inputs, Clock clock) {
        this(pi4j, inputs, clock, null);
    }

    /**
     * Inputs on a named Pi4J provider, such as {@code gpiod-digital-input} on a Pi or {@code mock-digital-input} in
     * tests; null picks as {@link #GpioInputs(Context, List, Clock)} does.
     */
    public GpioInputs(Context pi4j, List<GpioInput> inputs, Clock clock, String providerId) {
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.providerId = providerId;
        var pins = new HashSet<Integer>();
        var devices = new HashSet<>();
        for (GpioInput input : this.inputs) {
            if (!pins.add(input.pin())) {
                throw new IllegalArgumentException("inputs: BCM pin " + input.pin() + " is configured twice");
            }
            if (!devices.add(input.device())) {
                throw new IllegalArgumentException("inputs: device " + input.device() + " is configured twice");
            }
        }
    }

    @Override
    public String name() {
        return "gpio";
    }

    public List<GpioInput> inputs() {
        return inputs;
    }

    @Override
    public void start(DriverCallback callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (lock) {
            if (this.callback != null) {
                throw new IllegalStateException("gpio: already started");
            }
            this.callback = callback;
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gpio-debounce");
                t.setDaemon(true);
                return t;
            });
            String provider;
            try {
                provider = providerId != null ? providerId : Providers.digitalInput(pi4j);
            } catch (IllegalStateException e) {
                LOG.error("gpio: no digital input provider, no input can be read", e);
                inputs.forEach(in -> emit(status(in, DeviceState.ERROR, "no GPIO input provider")));
                return;
            }
            for (GpioInput input : inputs) {
                open(input, provider);
            }
        }
    }

    private void open(GpioInput input, String provider) {
        DigitalInput pin;
        try {
            pin = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                    .id(ioId(input))
                    .name(input.kind() + " " + input.device())
                    .address(input.pin())
                    .pull(input.pull().toPi4j())
                    // Our own debounce runs on the clock; the provider's would add latency to the alarm edge.
                    .debounce(0L)
                    .provider(provider)
                    .build());
        } catch (RuntimeException e) {
            LOG.error("gpio: cannot claim BCM {} for device {}", input.pin(), input.device(), e);
            emit(status(input, DeviceState.ERROR, "cannot claim BCM " + input.pin()));
            return;
        }
        DigitalState initial = pin.state();
        boolean known = initial == DigitalState.HIGH || initial == DigitalState.LOW;
        boolean active = known && isActive(input, initial);
        var channel = new Channel(input, pin, new Debouncer(input.debounce(), known ? active : null));
        DigitalStateChangeListener listener = event -> onEdge(channel, event);
        channel.listener = listener;
        pin.addListener(listener);
        channels.add(channel);
        Instant now = clock.instant();
        emit(status(input, DeviceState.ONLINE, null));
        if (!known) {
            // Nothing to report yet: the first edge will tell (an unknown level is never assumed to be an alarm).
            LOG.warn("gpio: BCM {} for device {} reads no level yet", input.pin(), input.device());
        } else if (!input.kind().isAlarmTrigger() || active) {
            InputObservations.of(input, active, now).ifPresent(this::emit);
        }
    }

    private void onEdge(Channel channel, DigitalStateChangeEvent<?> event) {
        DigitalState state = event.state();
        if (state == null || state == DigitalState.UNKNOWN) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            boolean active = isActive(channel.input, state);
            report(channel, channel.debouncer.edge(active, now), now);
            if (!channel.chattering && channel.debouncer.burstLength(now).compareTo(CHATTER_LIMIT) > 0) {
                channel.chattering = true;
                LOG.warn("gpio: BCM {} for device {} keeps changing; check its wiring", channel.input.pin(),
                        channel.input.device());
                emit(status(channel.input, DeviceState.ERROR, "input chattering"));
            }
            if (channel.debouncer.settlePending()) {
                scheduleSettle(now);
            }
        }
    }

    /**
     * Settles every input whose debounce window has passed on the clock, reporting a final level that differs from
     * the last report. The driver calls this itself; it is public so a test driving a fake clock can too.
     */
    public void tick() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            for (Channel channel : channels) {
                if (channel.debouncer.settlePending()) {
                    boolean active = isActive(channel.input, channel.pin.state());
                    report(channel, channel.debouncer.settle(active, now), now);
                    if (channel.chattering && !channel.debouncer.settlePending()) {
                        channel.chattering = false;
                        emit(status(channel.input, DeviceState.ONLINE, "input stable again"));
                    }
                }
            }
            if (channels.stream().anyMatch(c -> c.debouncer.settlePending())) {
                scheduleSettle(now);
            }
        }
    }

    private void scheduleSettle(Instant now) {
        if (settleTask != null && !settleTask.isDone()) {
            return;
        }
        Instant due = channels.stream().filter(c -> c.debouncer.settlePending())
                .map(c -> c.debouncer.settleDueAt()).min(Instant::compareTo).orElse(now);
        // At least 1 ms, so a fake clock that never moves cannot make this spin.
        long delayMs = Math.max(1, Duration.between(now, due).toMillis() + 1);
        settleTask = timer.schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
    }

    private void report(Channel channel, Optional<Boolean> change, Instant now) {
        if (channel.input.kind() == InputKind.CANCEL_BUTTON) {
            change.filter(Boolean::booleanValue).ifPresent(pressed -> {
                try {
                    callback.cancelPressed();
                } catch (RuntimeException e) {
                    LOG.error("gpio: the hub's callback failed for the cancel button", e);
                }
            });
            return;
        }
        change.flatMap(active -> InputObservations.of(channel.input, active, now)).ifPresent(this::emit);
    }

    /** Called with the lock held (or during start), so observations of one input keep their order. */
    private void emit(Observation observation) {
        try {
            callback.observed(observation);
        } catch (RuntimeException e) {
            LOG.error("gpio: the hub's callback failed for a {} observation", observation.getClass().getSimpleName(),
                    e);
        }
    }

    private DeviceStatus status(GpioInput input, DeviceState state, String detail) {
        return new DeviceStatus(input.device(), clock.instant(), state, detail);
    }

    private static boolean isActive(GpioInput input, DigitalState state) {
        return input.activeLevel().isActive(state == DigitalState.HIGH);
    }

    private static String ioId(GpioInput input) {
        return ioId(input.pin());
    }

    /** The Pi4J IO id this driver gives the input on BCM {@code pin}, e.g. to drive a mock input in a test. */
    public static String ioId(int pin) {
        return "hg-in-" + pin;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (timer != null) {
                timer.shutdownNow();
            }
            for (Channel channel : channels) {
                try {
                    channel.pin.removeListener(channel.listener);
                    if (!pi4j.isShutdown()) {
                        pi4j.shutdown(channel.pin.id());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("gpio: releasing BCM {} failed", channel.input.pin(), e);
                }
            }
            channels.clear();
        }
    }

    private static final class Channel {
        final GpioInput input;
        final DigitalInput pin;
        final Debouncer debouncer;
        DigitalStateChangeListener listener;
        boolean chattering;

        Channel(GpioInput input, DigitalInput pin, Debouncer debouncer) {
            this.input = input;
            this.pin = pin;
            this.debouncer = debouncer;
        }
    }
}
