package org.hearthgate.drivers.supervision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Quality;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.drivers.DriverCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervision for every device of every driver (DESIGN.md, "Rules that keep people safe"): each watched device has
 * an expected check-in; silence past {@link SupervisionPolicy#missingAfter()} raises SENSOR_MISSING once, the next
 * sign of life raises SENSOR_RESTORED at once, and a low battery raises BATTERY_LOW at most once per
 * {@link SupervisionPolicy#batteryLowRepeat()} per device, not on every reading.
 *
 * <p>Time comes from the injected clock; the host calls {@link #tick()} periodically (every minute is plenty for
 * hour-scale supervision). Memory is bounded: at most {@code maxDevices} devices are watched, and observations
 * from devices nobody asked to watch are ignored rather than remembered. Thread-safe; events go to the sink outside
 * the lock, so a sink may call back into the supervisor.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** The design target is 50 devices per hub (anchors.md F.8); this leaves ample room and bounds memory. */
    public static final int DEFAULT_MAX_DEVICES = 512;

    private final Clock clock;
    private final Consumer<SupervisionEvent> sink;
    private final ResidentId resident;
    private final int maxDevices;
    private final Map<DeviceId, Watch> watched = new LinkedHashMap<>();

    public Supervisor(Clock clock, Consumer<SupervisionEvent> sink) {
        this(clock, sink, null, DEFAULT_MAX_DEVICES);
    }

    /**
     * @param resident   the pseudonymous resident these devices belong to, carried into events; null if unknown
     * @param maxDevices the most devices this supervisor will watch
     */
    public Supervisor(Clock clock, Consumer<SupervisionEvent> sink, ResidentId resident, int maxDevices) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.resident = resident;
        if (maxDevices < 1) {
            throw new IllegalArgumentException("maxDevices: must be at least 1");
        }
        this.maxDevices = maxDevices;
    }

    /**
     * Starts watching a device; its silence is counted from now. Watching a device again replaces its policy and
     * keeps what is known about it.
     *
     * @throws IllegalStateException when {@code maxDevices} devices are already watched
     */
    public synchronized void watch(DeviceId device, SupervisionPolicy policy) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(policy, "policy");
        Watch existing = watched.get(device);
        if (existing != null) {
            existing.policy = policy;
            return;
        }
        if (watched.size() >= maxDevices) {
            throw new IllegalStateException("supervision: already watching " + maxDevices + " devices");
        }
        watched.put(device, new Watch(policy, clock.instant()));
    }

    /** Stops watching a device (removed from the home); no event. */
    public synchronized void forget(DeviceId device) {
        watched.remove(device);
    }

    /**
     * Notes an observation: any observation from the device counts as a check-in, except a driver's report that
     * the device is offline or in error, which is the hub speaking, not the device.
     */
    public void seen(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        List<SupervisionEvent> events = new ArrayList<>(2);
        synchronized (this) {
            Watch watch = watched.get(observation.device());
            if (watch == null || !isSignOfLife(observation)) {
                return;
            }
            Instant now = clock.instant();
            if (now.isAfter(watch.lastSeen)) {
                watch.lastSeen = now;
            }
            if (watch.missing) {
                watch.missing = false;
                events.add(event(now, EventCode.SENSOR_RESTORED, observation.device(), "checked in again"));
            }
            batteryLow(observation, watch, now).ifPresent(events::add);
        }
        deliver(events);
    }

    /** Raises SENSOR_MISSING for devices silent for longer than their policy allows; returns what it raised. */
    public List<SupervisionEvent> tick() {
        List<SupervisionEvent> events = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (var entry : watched.entrySet()) {
                Watch watch = entry.getValue();
                Duration silent = Duration.between(watch.lastSeen, now);
                if (!watch.missing && silent.compareTo(watch.policy.missingAfter()) > 0) {
                    watch.missing = true;
                    events.add(event(now, EventCode.SENSOR_MISSING, entry.getKey(),
                            "no check-in for " + silent.toMinutes() + " min (expected every "
                                    + watch.policy.checkIn().toMinutes() + " min)"));
                }
            }
        }
        deliver(events);
        return events;
    }

    /** What is known about a watched device. */
    public synchronized Optional<DeviceHealth> health(DeviceId device) {
        Watch w = watched.get(device);
        return w == null ? Optional.empty() : Optional.of(new DeviceHealth(device, w.lastSeen, w.battery, w.missing));
    }

    public synchronized int watchedCount() {
        return watched.size();
    }

    /** A callback that notes every observation here and then passes it on: the hub wraps each driver with it. */
    public DriverCallback supervising(DriverCallback downstream) {
        Objects.requireNonNull(downstream, "downstream");
        return observation -> {
            try {
                seen(observation);
            } catch (RuntimeException e) {
                // Supervision must never stand between a device and the alarm it raises.
                LOG.error("supervision: failed to note an observation", e);
            }
            downstream.observed(observation);
        };
    }

    /**
     * OFFLINE and ERROR are what a driver concludes about a device (no notifications, a pin it cannot read); ONLINE,
     * TAMPERED and NOT_WORN are reported by, or just heard from, the device itself.
     */
    private static boolean isSignOfLife(Observation observation) {
        return !(observation instanceof DeviceStatus status)
                || (status.state() != DeviceState.OFFLINE && status.state() != DeviceState.ERROR);
    }

    private Optional<SupervisionEvent> batteryLow(Observation observation, Watch watch, Instant now) {
        String detail;
        if (observation instanceof BatteryLevel level) {
            watch.battery = level.level().value();
            if (level.level().value() > watch.policy.batteryLowPercent()) {
                return Optional.empty();
            }
            detail = "battery at " + Math.round(level.level().value()) + " %";
        } else if (observation instanceof BloodGlucose g && g.quality().contains(Quality.DEVICE_BATTERY_LOW)) {
            detail = "device reports battery low";
        } else {
            return Optional.empty();
        }
        if (watch.batteryLowRaisedAt != null
                && now.isBefore(watch.batteryLowRaisedAt.plus(watch.policy.batteryLowRepeat()))) {
            return Optional.empty();
        }
        watch.batteryLowRaisedAt = now;
        return Optional.of(event(now, EventCode.BATTERY_LOW, observation.device(), detail));
    }

    private SupervisionEvent event(Instant at, EventCode code, DeviceId device, String detail) {
        return new SupervisionEvent(at, new Event(resident, code, code.defaultPriority(), device, detail));
    }

    private void deliver(List<SupervisionEvent> events) {
        for (SupervisionEvent e : events) {
            try {
                sink.accept(e);
            } catch (RuntimeException ex) {
                LOG.error("supervision: the sink failed for {}", e.event().code(), ex);
            }
        }
    }

    private static final class Watch {
        SupervisionPolicy policy;
        Instant lastSeen;
        Double battery;
        boolean missing;
        Instant batteryLowRaisedAt;

        Watch(SupervisionPolicy policy, Instant since) {
            this.policy = policy;
            this.lastSeen = since;
        }
    }
}
