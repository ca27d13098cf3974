package org.hearthgate.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.alarm.EventCode;

/**
 * What a scenario says the care plan should raise: alarms and events that must reach the cloud (optionally from one
 * device), codes that must not, and whether any other alarm is a failure. Checked against what was delivered.
 *
 * @param alarms        alarms that must be raised
 * @param events        events (supervision, power, link, pre-alarms) that must be reported
 * @param never         codes that must not appear at all, as alarm or event
 * @param noOtherAlarms when true, an alarm not listed in {@code alarms} is a failure (the "nothing should happen" case)
 */
public record Expected(List<Item> alarms, List<Item> events, List<EventCode> never, boolean noOtherAlarms) {

    /** A code, and the device it must come from (null: any device). */
    public record Item(EventCode code, String device) {
        @Override
        public String toString() {
            return device == null ? code.name() : code + " from " + device;
        }
    }

    public Expected {
        alarms = List.copyOf(alarms);
        events = List.copyOf(events);
        never = List.copyOf(never);
    }

    public static Expected nothing() {
        return new Expected(List.of(), List.of(), List.of(), true);
    }

    public static Item code(EventCode code) {
        return new Item(code, null);
    }

    public static Item from(EventCode code, String device) {
        return new Item(code, device);
    }

    public Expected alarm(Item... items) {
        List<Item> a = new ArrayList<>(alarms);
        a.addAll(List.of(items));
        return new Expected(a, events, never, noOtherAlarms);
    }

    public Expected event(Item... items) {
        List<Item> e = new ArrayList<>(events);
        e.addAll(List.of(items));
        return new Expected(alarms, e, never, noOtherAlarms);
    }

    public Expected never(EventCode... codes) {
        List<EventCode> n = new ArrayList<>(never);
        n.addAll(List.of(codes));
        return new Expected(alarms, events, n, noOtherAlarms);
    }

    /** One line for --list and reports: "alarms: A, B; events: C; never: D; no other alarm". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("alarms: " + (alarms.isEmpty() ? "none" : join(alarms)));
        if (!events.isEmpty()) {
            parts.add("events: " + join(events));
        }
        if (!never.isEmpty()) {
            parts.add("never: " + String.join(", ", never.stream().map(Enum::name).toList()));
        }
        if (noOtherAlarms && !alarms.isEmpty()) {
            parts.add("no other alarm");
        }
        return String.join("; ", parts);
    }

    private static String join(List<Item> items) {
        return String.join(", ", items.stream().map(Item::toString).toList());
    }

    /** The problems with a result, one sentence each; empty when the scenario went as expected. */
    public List<String> check(ScenarioResult r) {
        List<String> problems = new ArrayList<>();
        for (Item want : alarms) {
            if (r.alarms().stream().noneMatch(a -> a.code() == want.code()
                    && (want.device() == null || a.device() != null && a.device().value().equals(want.device())))) {
                problems.add("expected alarm " + want + ", not raised");
            }
        }
        for (Item want : events) {
            if (r.events().stream().noneMatch(e -> e.code() == want.code()
                    && (want.device() == null || e.device() != null && e.device().value().equals(want.device())))) {
                problems.add("expected event " + want + ", not reported");
            }
        }
        for (EventCode code : never) {
            if (r.alarms().stream().anyMatch(a -> a.code() == code) || r.events().stream().anyMatch(e -> e.code() == code)) {
                problems.add(code + " must not happen, but did");
            }
        }
        if (noOtherAlarms) {
            r.alarms().stream().filter(a -> alarms.stream().noneMatch(w -> w.code() == a.code()))
                    .forEach(a -> problems.add("unexpected alarm " + a.code() + ": " + a.summary()));
        }
        if (r.undelivered() > 0) {
            problems.add(r.undelivered() + " message(s) never reached the cloud");
        }
        return problems;
    }
}
