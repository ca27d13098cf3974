package org.hearthgate.alerts.plan;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;

/**
 * One resident's care plan: which local rules run and with which limits. Built only through {@link #parse(String)}
 * or {@link #defaults()}, both of which validate, so a {@code CarePlan} in hand is always a usable one.
 *
 * <p>Every default names its published source here and in {@code docs/care-plan.md}.
 */
public record CarePlan(ZoneId timeZone, Vitals vitals, Activity activity, Supervision supervision) {

    public CarePlan {
        java.util.Objects.requireNonNull(timeZone, "timeZone");
        java.util.Objects.requireNonNull(vitals, "vitals");
        java.util.Objects.requireNonNull(activity, "activity");
        java.util.Objects.requireNonNull(supervision, "supervision");
    }

    /** The default plan: every rule below with its sourced default, resident in the UK. */
    public static CarePlan defaults() {
        return CarePlanParser.parse("{}");
    }

    /** Parses and validates a YAML care plan; a bad value throws {@link CarePlanException} naming the key. */
    public static CarePlan parse(String yaml) {
        return CarePlanParser.parse(yaml);
    }

    /** How many rules this plan runs for one resident (each limit, score, schedule and activity rule counts one). */
    public int ruleCount() {
        int n = vitals.limits().size() + vitals.baseline().measures().size() + vitals.schedules().size()
                + activity.inactivity().size() + 4; // immediate alarms are one rule per kind: pendant, cord, fall, hazard
        n += vitals.news2().enabled() ? 1 : 0;
        n += vitals.homeBloodPressure().enabled() ? 1 : 0;
        n += vitals.weightGain().enabled() ? 1 : 0;
        n += vitals.irregularPulse().enabled() ? 1 : 0;
        n += activity.doorAtNight().enabled() ? 1 : 0;
        n += activity.outOfBed().enabled() ? 1 : 0;
        return n + 4; // supervision: missing, battery, power, device fault
    }

    // ------------------------------------------------------------------------------------------------ vital signs

    public record Vitals(int spo2Scale, boolean supplementalOxygen, News2 news2, List<Limit> limits,
            HomeBloodPressure homeBloodPressure, WeightGain weightGain, IrregularPulse irregularPulse,
            Baseline baseline, List<Schedule> schedules) {
        public Vitals {
            limits = List.copyOf(limits);
            schedules = List.copyOf(schedules);
        }
    }

    /** The partial NEWS2 score (RCP 2017) from whatever vitals the home devices give. */
    public record News2(boolean enabled, Duration maxAge) {
    }

    /**
     * One threshold: alarm when {@code measure comparison limit} holds for {@code count} consecutive readings that
     * span at least {@code duration}; clear only once back past the limit by {@code hysteresis}. Limits that share a
     * {@code group} are one alarm: the worse one raises the open alarm's priority instead of opening another.
     */
    public record Limit(String id, Measure measure, Comparison comparison, double limit, double hysteresis,
            Duration duration, int count, Priority priority, String group, EventCode code, String source) {
    }

    /** NICE NG136 home blood-pressure monitoring (HBPM) averages. */
    public record HomeBloodPressure(boolean enabled, int days, int minDays, double stage1Systolic,
            double stage1Diastolic, double stage2Systolic, double stage2Diastolic, Duration minGap,
            Duration sessionLength, Priority stage1Priority, Priority stage2Priority) {
    }

    /** Heart-failure fluid gain: a regression over the window, not two arbitrary readings. */
    public record WeightGain(boolean enabled, double kilograms, Duration window, Priority priority) {
    }

    /** The cuff's irregular-pulse flag in {@code count} of the last {@code of} readings. */
    public record IrregularPulse(boolean enabled, int count, int of, Priority priority) {
    }

    /**
     * Personal baselines with statistical process control (Western Electric rules) per measure. A continuous stream
     * is sampled at most once per {@code minSpacing}: the rules assume independent points, and a 1 Hz oximeter's
     * consecutive readings are not.
     */
    public record Baseline(Set<Measure> measures, int window, int minReadings, Duration minSpacing, Priority priority) {
        public Baseline {
            measures = measures.isEmpty() ? Set.of() : java.util.EnumSet.copyOf(measures);
        }
    }

    /**
     * When a reading is due: a reading from {@code early} before a due time counts for it; after {@code grace} the
     * resident (and family when {@code notifyFamily}) gets a reminder; after {@code escalateAfter} an alarm.
     */
    public record Schedule(String id, Measure measure, List<LocalTime> at, Duration early, Duration grace,
            Duration escalateAfter, boolean notifyFamily, Priority priority) {
        public Schedule {
            at = List.copyOf(at);
        }
    }

    // --------------------------------------------------------------------------------------------------- activity

    public record Activity(List<Inactivity> inactivity, PreAlarm preAlarm, Night night, DoorAtNight doorAtNight,
            OutOfBed outOfBed) {
        public Activity {
            inactivity = List.copyOf(inactivity);
        }
    }

    /** Tunstall's three inactivity modes (anchors B.1). */
    public enum InactivityMode {
        /** No activity for {@code after} continuously. */
        CONTINUOUS("continuous"),
        /** No activity at all between {@code from} and {@code to} ("not up by 10:00"). */
        WINDOW("window"),
        /** No activity for {@code after} while inside {@code from}..{@code to}. */
        WINDOW_INACTIVE("windowInactive");

        private final String key;

        InactivityMode(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * One inactivity rule. {@code rooms} limits which sensors count as activity (empty: all); {@code preAlarm} says
     * whether the resident first gets a cancellable warning.
     */
    public record Inactivity(String id, InactivityMode mode, Duration after, LocalTime from, LocalTime to,
            Set<String> rooms, EventCode code, Priority priority, boolean preAlarm) {
        public Inactivity {
            rooms = Set.copyOf(rooms);
        }
    }

    /** The cancellable pre-alarm: Tunstall Lifeline 4000 waits 10 min and repeats its announcement every 30 s. */
    public record PreAlarm(Duration duration, Duration repeatEvery) {
    }

    /** The local night, which may cross midnight. */
    public record Night(LocalTime from, LocalTime to) {
        public boolean contains(LocalTime t) {
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }
    }

    /** An exit door opened at night (wandering). {@code doors} are device ids or locations; empty means any. */
    public record DoorAtNight(boolean enabled, Set<String> doors, Priority priority) {
        public DoorAtNight {
            doors = Set.copyOf(doors);
        }
    }

    /** Out of bed at night and not back within {@code after}. */
    public record OutOfBed(boolean enabled, Duration after, Priority priority) {
    }

    // ------------------------------------------------------------------------------------------------ supervision

    /**
     * Device supervision, debounced: a device silent for {@code missingAfter} or offline for {@code debounce} is
     * missing; battery low at {@code batteryLowBelow} %, repeated at most every {@code batteryRepeat}; mains lost for
     * {@code powerFailAfter} is a power failure. {@code checkIn} overrides {@code missingAfter} per device id, for
     * a back-door contact that may rightly stay quiet for days, or a pendant with a 9 h heartbeat.
     */
    public record Supervision(Duration missingAfter, Duration debounce, double batteryLowBelow,
            Duration batteryRepeat, Duration powerFailAfter, Duration faultHoldoff, int maxDevices,
            java.util.Map<String, Duration> checkIn) {
        public Supervision {
            checkIn = java.util.Map.copyOf(checkIn);
        }

        public Duration missingAfter(String device) {
            return checkIn.getOrDefault(device, missingAfter);
        }
    }
}
