package org.hearthgate.drivers.fall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.FallSource;
import org.hearthgate.contract.wire.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cancellable pre-alarm between a detected fall and the alarm. A detected fall starts it (event
 * {@link EventCode#PRE_ALARM}: the hub plays "fall detected, press to cancel"); the resident may cancel before the
 * window ends (event {@link EventCode#PRE_ALARM_CANCELLED}, kept so false alarms can be counted per resident); it is
 * confirmed as a {@link FallDetected} observation when the window ends or, sooner, when the resident has lain still for
 * {@code stillnessConfirm} since the impact (someone who cannot move cannot cancel either).
 *
 * <p>The window is half-open: a cancel at {@code start + window - ε} cancels; at {@code start + window} the alarm is
 * already confirmed. A second fall while one is pending never extends the deadline, so a restless faller is not left
 * waiting longer for help. Time comes from the injected {@link Clock}; the owner calls {@link #tick()} regularly
 * (every sample or every second). Methods may be called from different threads (the sensor stream and the pendant
 * button); the listener is called outside the lock and must not block.
 */
public final class FallPreAlarm {
    private static final Logger LOG = LoggerFactory.getLogger(FallPreAlarm.class);

    /** Why a pre-alarm became an alarm. */
    public enum Confirmation { WINDOW_ELAPSED, STILLNESS }

    /** What the pre-alarm reports. */
    public interface Listener {
        /** A pre-alarm started or was cancelled. */
        void event(Event event);

        /** The fall is confirmed: raise the alarm. */
        void confirmed(FallDetected fall, Confirmation why);
    }

    /**
     * @param cancelWindow     how long the resident has to cancel (30 s by default, the usual social-alarm choice)
     * @param stillnessConfirm stillness after the impact that confirms without waiting for the window to end
     */
    public record Config(Duration cancelWindow, Duration stillnessConfirm) {
        public static final Config DEFAULT = new Config(Duration.ofSeconds(30), Duration.ofSeconds(10));

        public Config {
            Objects.requireNonNull(cancelWindow, "cancelWindow");
            Objects.requireNonNull(stillnessConfirm, "stillnessConfirm");
            if (cancelWindow.isNegative() || cancelWindow.isZero()) {
                throw new IllegalArgumentException("cancelWindow: must be positive");
            }
            if (stillnessConfirm.isNegative() || stillnessConfirm.isZero()) {
                throw new IllegalArgumentException("stillnessConfirm: must be positive");
            }
        }
    }

    /** Where the pre-alarm stands. */
    public enum State { IDLE, PENDING }

    private final DeviceId device;
    private final ResidentId resident;
    private final Config config;
    private final Clock clock;
    private final Listener listener;

    private State state = State.IDLE;
    private Instant impactAt;
    private Instant deadline;
    private double confidence;

    /** {@code resident} may be null when the wearable is not yet assigned to a resident. */
    public FallPreAlarm(DeviceId device, ResidentId resident, Config config, Clock clock, Listener listener) {
        this.device = Objects.requireNonNull(device, "device");
        this.resident = resident;
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The detector found a fall with its impact at {@code impactAt}. */
    public void fallDetected(Instant impactAt, double confidence) {
        List<Runnable> out = new ArrayList<>(2);
        synchronized (this) {
            confirmIfDue(out);
            if (state == State.PENDING) {
                this.confidence = Math.max(this.confidence, confidence);
            } else {
                state = State.PENDING;
                this.impactAt = impactAt;
                this.confidence = confidence;
                deadline = clock.instant().plus(config.cancelWindow());
                Event e = event(EventCode.PRE_ALARM, String.format(Locale.ROOT,
                        "fall detected (confidence %.2f); cancel within %d s", confidence,
                        config.cancelWindow().toSeconds()));
                out.add(() -> listener.event(e));
                LOG.info("fall pre-alarm on {}: confidence {}, cancel window {}", device,
                        String.format(Locale.ROOT, "%.2f", confidence), config.cancelWindow());
            }
        }
        out.forEach(Runnable::run);
    }

    /**
     * The resident pressed cancel. Returns true if a pending pre-alarm was cancelled, false if there was none or it
     * was too late (then it is confirmed now if it was not already).
     */
    public boolean cancel() {
        List<Runnable> out = new ArrayList<>(1);
        boolean cancelled = false;
        synchronized (this) {
            confirmIfDue(out);
            if (state == State.PENDING) {
                state = State.IDLE;
                cancelled = true;
                long after = Duration.between(deadline.minus(config.cancelWindow()), clock.instant()).toMillis();
                Event e = event(EventCode.PRE_ALARM_CANCELLED,
                        String.format(Locale.ROOT, "cancelled by the resident after %.1f s", after / 1000.0));
                out.add(() -> listener.event(e));
                LOG.info("fall pre-alarm on {} cancelled by the resident after {} ms", device, after);
            }
        }
        out.forEach(Runnable::run);
        return cancelled;
    }

    /** How long the wearer has lain still, continuously, up to now. */
    public void stillFor(Duration stillness) {
        List<Runnable> out = new ArrayList<>(1);
        synchronized (this) {
            confirmIfDue(out);
            if (state == State.PENDING && stillness.compareTo(config.stillnessConfirm()) >= 0) {
                confirm(Confirmation.STILLNESS, out);
            }
        }
        out.forEach(Runnable::run);
    }

    /** Confirms a pre-alarm whose window has ended. */
    public void tick() {
        List<Runnable> out = new ArrayList<>(1);
        synchronized (this) {
            confirmIfDue(out);
        }
        out.forEach(Runnable::run);
    }

    public synchronized State state() {
        return state;
    }

    private void confirmIfDue(List<Runnable> out) {
        if (state == State.PENDING && !clock.instant().isBefore(deadline)) {
            confirm(Confirmation.WINDOW_ELAPSED, out);
        }
    }

    private void confirm(Confirmation why, List<Runnable> out) {
        state = State.IDLE;
        FallDetected fall = new FallDetected(device, impactAt, confidence, FallSource.WEARABLE);
        out.add(() -> listener.confirmed(fall, why));
        LOG.info("fall on {} confirmed ({})", device, why);
    }

    private Event event(EventCode code, String detail) {
        return new Event(resident, code, code.defaultPriority(), device, detail);
    }
}
