package org.hearthgate.alerts.supervision;

import java.util.HashMap;
import java.util.Map;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.alerts.lifecycle.Emitter;
import org.hearthgate.alerts.lifecycle.Text;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.MainsPower;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Quality;
import org.hearthgate.contract.wire.Event;

/**
 * Supervision events (SCAIP 0123/0124 sensor missing/restored, 0016 battery low, 0085/0086 power fail/restore),
 * debounced so nobody is flooded: a device must stay offline or silent past a threshold before it is "missing", and
 * "restored" follows only a reported "missing"; a mains flicker shorter than {@code powerFailAfter} is counted, not
 * announced; battery low repeats at most every {@code batteryRepeat}; a fault is told once per holdoff.
 *
 * <p>Memory: one small record per device, at most {@code maxDevices}; devices beyond the cap are counted and told
 * once, never silently ignored.
 */
public final class DeviceSupervision {
    private static final double BATTERY_HYSTERESIS = 5;

    private CarePlan.Supervision spec;
    private final ResidentId resident;
    private final Map<DeviceId, Watch> devices = new HashMap<>();
    private long untracked;
    private boolean capReported;
    private long flickers;
    // Mains
    private long powerLostAt = Long.MIN_VALUE;
    private boolean powerFailReported;
    private DeviceId powerDevice;

    private static final class Watch {
        long lastSeen;
        long offlineSince = Long.MIN_VALUE;
        boolean missing;
        boolean batteryLow;
        long lastBatteryNotice = Long.MIN_VALUE;
        long silentAfter;
        DeviceState lastFault;
        long lastFaultNotice = Long.MIN_VALUE;
    }

    public DeviceSupervision(CarePlan.Supervision spec, ResidentId resident) {
        this.spec = spec;
        this.resident = resident;
    }

    /**
     * A new care plan's supervision settings: every device stays watched with what is known of it (last heard,
     * missing, battery low, a power failure under way); its check-in interval is the new plan's from now on.
     */
    public void replaceSpec(CarePlan.Supervision next) {
        this.spec = next;
        for (Map.Entry<DeviceId, Watch> e : devices.entrySet()) {
            e.getValue().silentAfter = next.missingAfter(e.getKey().value()).toMillis();
        }
    }

    /**
     * A device the hub is configured to hear from: it is watched from now on, so one that never reports at all is
     * missed too, not only one that fell silent.
     */
    public void expect(DeviceId device, long at, Emitter out) {
        watch(device, at, out);
    }

    public void accept(Observation o, long at, Emitter out) {
        // The mains monitor is the hub itself and speaks only on change: its silence is not a missing sensor.
        Watch w = o instanceof MainsPower ? null : watch(o.device(), at, out);
        if (w != null) {
            w.lastSeen = Math.max(w.lastSeen, at);
            if (w.missing && !(o instanceof DeviceStatus s && s.state() == DeviceState.OFFLINE)) {
                w.missing = false;
                w.offlineSince = Long.MIN_VALUE;
                notify(EventCode.SENSOR_RESTORED, o.device(), "device heard from again", out);
            }
        }
        switch (o) {
            case DeviceStatus s when w != null -> status(w, s, at, out);
            case BatteryLevel b when w != null -> battery(w, b.device(), b.level().value(), at, out);
            case BloodGlucose g when w != null && g.quality().contains(Quality.DEVICE_BATTERY_LOW) ->
                    battery(w, g.device(), 0, at, out);
            case MainsPower p -> power(p, at, out);
            default -> {
            }
        }
    }

    private Watch watch(DeviceId id, long at, Emitter out) {
        Watch w = devices.get(id);
        if (w == null) {
            if (devices.size() >= spec.maxDevices()) {
                untracked++;
                if (!capReported) {
                    capReported = true;
                    notify(EventCode.DEVICE_FAULT, null, "more than " + spec.maxDevices()
                            + " devices: further devices are not supervised", out);
                }
                return null;
            }
            w = new Watch();
            w.lastSeen = at;
            w.silentAfter = spec.missingAfter(id.value()).toMillis();
            devices.put(id, w);
        }
        return w;
    }

    private void status(Watch w, DeviceStatus s, long at, Emitter out) {
        switch (s.state()) {
            case OFFLINE -> {
                if (w.offlineSince == Long.MIN_VALUE) {
                    w.offlineSince = at;
                }
            }
            case ONLINE -> {
                w.offlineSince = Long.MIN_VALUE;
                w.lastFault = null;
            }
            case TAMPERED, ERROR, NOT_WORN -> {
                if (w.lastFault != s.state() || at - w.lastFaultNotice >= spec.faultHoldoff().toMillis()) {
                    w.lastFault = s.state();
                    w.lastFaultNotice = at;
                    notify(EventCode.DEVICE_FAULT, s.device(), "device reports " + s.state().name().toLowerCase(java.util.Locale.ROOT)
                            .replace('_', ' '), out);
                }
            }
        }
    }

    private void battery(Watch w, DeviceId device, double level, long at, Emitter out) {
        if (level < spec.batteryLowBelow()) {
            if (!w.batteryLow || at - w.lastBatteryNotice >= spec.batteryRepeat().toMillis()) {
                w.batteryLow = true;
                w.lastBatteryNotice = at;
                notify(EventCode.BATTERY_LOW, device, "battery " + Text.num(level) + " % (below "
                        + Text.num(spec.batteryLowBelow()) + " %)", out);
            }
        } else if (level >= spec.batteryLowBelow() + BATTERY_HYSTERESIS) {
            // Re-armed only well above the limit, so a level wobbling at 19/20 % is one notice a day, not dozens.
            w.batteryLow = false;
        }
    }

    private void power(MainsPower p, long at, Emitter out) {
        if (!p.onMains()) {
            if (powerLostAt == Long.MIN_VALUE) {
                powerLostAt = at;
                powerDevice = p.device();
            }
            return;
        }
        if (powerFailReported) {
            notify(EventCode.POWER_RESTORE, p.device(), "mains power restored", out);
        } else if (powerLostAt != Long.MIN_VALUE) {
            flickers++;
        }
        powerLostAt = Long.MIN_VALUE;
        powerFailReported = false;
    }

    public void tick(long now, Emitter out) {
        if (powerLostAt != Long.MIN_VALUE && !powerFailReported
                && now - powerLostAt >= spec.powerFailAfter().toMillis()) {
            powerFailReported = true;
            notify(EventCode.POWER_FAIL, powerDevice, "mains power lost, hub on battery", out);
        }
        long debounce = spec.debounce().toMillis();
        for (Map.Entry<DeviceId, Watch> e : devices.entrySet()) {
            Watch w = e.getValue();
            if (w.missing) {
                continue;
            }
            if (w.offlineSince != Long.MIN_VALUE && now - w.offlineSince >= debounce) {
                w.missing = true;
                notify(EventCode.SENSOR_MISSING, e.getKey(), "device offline for " + Text.duration(spec.debounce()), out);
            } else if (now - w.lastSeen >= w.silentAfter) {
                w.missing = true;
                notify(EventCode.SENSOR_MISSING, e.getKey(), "no check-in for "
                        + Text.duration(java.time.Duration.ofMillis(w.silentAfter)), out);
            }
        }
    }

    private void notify(EventCode code, DeviceId device, String detail, Emitter out) {
        out.emit(new Outcome.Notify(new Event(resident, code, code.defaultPriority(), device, Text.fit(detail))));
    }

    public int devices() {
        return devices.size();
    }

    /** Mains losses shorter than the debounce: counted so a flaky supply still shows up in the hub's stats. */
    public long flickers() {
        return flickers;
    }

    public long untracked() {
        return untracked;
    }
}
