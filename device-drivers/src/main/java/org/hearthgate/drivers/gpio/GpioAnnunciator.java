package org.hearthgate.drivers.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Annunciator} on two Pi4J digital outputs. The outputs follow the cue as a function of clock time since
 * the cue began ({@link Cue#ledOnAt}), refreshed every {@value #FRAME_MS} ms by the annunciator's own thread while a
 * cue plays; {@link #tick()} applies the same frame on demand, so tests drive it with a fake clock.
 */
public final class GpioAnnunciator implements Annunciator {
    private static final Logger LOG = LoggerFactory.getLogger(GpioAnnunciator.class);
    /** Shorter than the shortest step of any cue (100 ms), so no step is skipped. */
    static final long FRAME_MS = 25;

    private final Clock clock;
    private final OutputPin ledPin;
    private final OutputPin sounderPin;
    private final DigitalOutput led;
    private final DigitalOutput sounder;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private Cue cue;
    private Instant startedAt;
    private ScheduledFuture<?> frames;
    private boolean closed;
    /** What was last written to each pin; null forces the next write. */
    private Boolean ledWritten;
    private Boolean sounderWritten;

    /** Outputs on whichever digital-output provider the context offers, real hardware before the mock. */
    public GpioAnnunciator(Context pi4j, OutputPin led, OutputPin sounder, Clock clock) {
        this(pi4j, led, sounder, clock, null);
    }

    /**
     * Outputs on a named provider ({@code gpiod-digital-output}, {@code mock-digital-output}); null picks one.
     *
     * @throws IllegalStateException when the pins cannot be claimed: a hub without its LED must fail at start-up
     */
    public GpioAnnunciator(Context pi4j, OutputPin led, OutputPin sounder, Clock clock, String providerId) {
        Objects.requireNonNull(pi4j, "pi4j");
        this.ledPin = Objects.requireNonNull(led, "led");
        this.sounderPin = Objects.requireNonNull(sounder, "sounder");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (led.pin() == sounder.pin()) {
            throw new IllegalArgumentException("sounder: BCM " + sounder.pin() + " is also the LED pin");
        }
        String provider = providerId != null ? providerId : Providers.digitalOutput(pi4j);
        this.led = output(pi4j, ledIoId(led.pin()), led, provider);
        this.sounder = output(pi4j, sounderIoId(sounder.pin()), sounder, provider);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gpio-annunciator");
            t.setDaemon(true);
            return t;
        });
    }

    private static DigitalOutput output(Context pi4j, String id, OutputPin pin, String provider) {
        DigitalState off = level(pin, false);
        return pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id(id)
                .address(pin.pin())
                .initial(off)
                // Off when the context shuts down, so a crashed hub does not leave the sounder screaming.
                .shutdown(off)
                .provider(provider)
                .build());
    }

    /** The Pi4J IO id of the LED output on BCM {@code pin}. */
    public static String ledIoId(int pin) {
        return "hg-led-" + pin;
    }

    /** The Pi4J IO id of the sounder output on BCM {@code pin}. */
    public static String sounderIoId(int pin) {
        return "hg-sounder-" + pin;
    }

    @Override
    public void play(Cue next) {
        Objects.requireNonNull(next, "cue");
        synchronized (lock) {
            if (closed) {
                return;
            }
            cue = next;
            startedAt = clock.instant();
            applyFrame();
            if (frames == null || frames.isDone()) {
                frames = timer.scheduleAtFixedRate(this::tick, FRAME_MS, FRAME_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void silence() {
        synchronized (lock) {
            cue = null;
            stopFrames();
            write(false, false);
        }
    }

    @Override
    public Cue playing() {
        synchronized (lock) {
            return cue;
        }
    }

    /** Sets the outputs for the current clock time; ends a cue that has played out. */
    public void tick() {
        synchronized (lock) {
            if (closed || cue == null) {
                return;
            }
            applyFrame();
        }
    }

    private void applyFrame() {
        Duration elapsed = Duration.between(startedAt, clock.instant());
        if (cue.finishedAt(elapsed)) {
            cue = null;
            stopFrames();
            write(false, false);
            return;
        }
        write(cue.ledOnAt(elapsed), cue.sounderOnAt(elapsed));
    }

    private void stopFrames() {
        if (frames != null) {
            frames.cancel(false);
            frames = null;
        }
    }

    private void write(boolean ledOn, boolean sounderOn) {
        try {
            // Only changes reach the pins: a frame every 25 ms would otherwise mean 80 writes a second.
            if (ledWritten == null || ledWritten != ledOn) {
                led.state(level(ledPin, ledOn));
                ledWritten = ledOn;
            }
            if (sounderWritten == null || sounderWritten != sounderOn) {
                sounder.state(level(sounderPin, sounderOn));
                sounderWritten = sounderOn;
            }
        } catch (RuntimeException e) {
            ledWritten = null;
            sounderWritten = null;
            // Annunciation is a courtesy to the resident; the alarm itself has already gone out.
            LOG.warn("annunciator: cannot drive the outputs", e);
        }
    }

    private static DigitalState level(OutputPin pin, boolean on) {
        return pin.activeLevel().pinHighFor(on) ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            cue = null;
            stopFrames();
            write(false, false);
            closed = true;
            timer.shutdownNow();
        }
    }
}
