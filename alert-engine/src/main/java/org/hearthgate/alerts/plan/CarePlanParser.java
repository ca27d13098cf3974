package org.hearthgate.alerts.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearthgate.alerts.plan.CarePlan.Activity;
import org.hearthgate.alerts.plan.CarePlan.Baseline;
import org.hearthgate.alerts.plan.CarePlan.DoorAtNight;
import org.hearthgate.alerts.plan.CarePlan.HomeBloodPressure;
import org.hearthgate.alerts.plan.CarePlan.Inactivity;
import org.hearthgate.alerts.plan.CarePlan.InactivityMode;
import org.hearthgate.alerts.plan.CarePlan.IrregularPulse;
import org.hearthgate.alerts.plan.CarePlan.Limit;
import org.hearthgate.alerts.plan.CarePlan.News2;
import org.hearthgate.alerts.plan.CarePlan.Night;
import org.hearthgate.alerts.plan.CarePlan.OutOfBed;
import org.hearthgate.alerts.plan.CarePlan.PreAlarm;
import org.hearthgate.alerts.plan.CarePlan.Schedule;
import org.hearthgate.alerts.plan.CarePlan.Supervision;
import org.hearthgate.alerts.plan.CarePlan.Vitals;
import org.hearthgate.alerts.plan.CarePlan.WeightGain;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;

/** Reads care-plan YAML into a validated {@link CarePlan}; every default here names its source. */
final class CarePlanParser {
    /** A care plan is a page of settings; anything bigger is not one. */
    static final int MAX_CHARS = 256 * 1024;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration WEEK = Duration.ofDays(7);

    static final String NEWS2 = "RCP NEWS2 (2017)";
    static final String NG136 = "NICE NG136 (2019, updated 2023)";
    static final String BTS = "BTS oxygen guideline (2017) / NEWS2 SpO2 scale 2";

    private CarePlanParser() {
    }

    static CarePlan parse(String yaml) {
        if (yaml == null) {
            throw new CarePlanException("$", "no care plan text");
        }
        if (yaml.length() > MAX_CHARS) {
            throw new CarePlanException("$", "longer than " + MAX_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = yaml.isBlank() ? null : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new CarePlanException("$", "not valid YAML" + where + " (" + firstLine(e.getOriginalMessage()) + ")");
        }
        if (root != null && (root.isNull() || root.isMissingNode())) {
            root = null;
        }
        YamlNode top = new YamlNode(root, "");
        top.text("resident", null); // informative only: the engine is given the resident's id by the hub
        top.text("description", null);
        ZoneId zone = zone(top);
        Vitals vitals = vitals(top.object("vitals"));
        Activity activity = activity(top.object("activity"));
        Supervision supervision = supervision(top.object("supervision"));
        top.done();
        return new CarePlan(zone, vitals, activity, supervision);
    }

    private static ZoneId zone(YamlNode top) {
        // Default: the project's first deployments are in the UK; a plan elsewhere must say its zone.
        String z = top.text("timeZone", "Europe/London");
        try {
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw new CarePlanException("timeZone", "'" + YamlNode.abbreviate(z) + "' is not a time-zone id like Europe/London");
        }
    }

    // ------------------------------------------------------------------------------------------------ vital signs

    private static Vitals vitals(YamlNode n) {
        // NEWS2 SpO2 scale 1 unless a clinician has prescribed a target of 88–92 % (hypercapnic failure): RCP 2017.
        int scale = n.integer("spo2Scale", 1, 1, 2);
        boolean oxygen = n.bool("supplementalOxygen", false);
        YamlNode nn = n.object("news2");
        // A NEWS2 set is taken together; readings older than an hour are not "the patient now" (RCP 2017 ch. 4).
        News2 news2 = new News2(nn.bool("enabled", true), nn.duration("maxAge", Duration.ofHours(1),
                Duration.ofMinutes(1), Duration.ofHours(12)));
        nn.done();
        List<Limit> limits = limits(n, scale);
        HomeBloodPressure hbpm = homeBp(n.object("homeBloodPressure"));
        WeightGain weight = weightGain(n.object("weightGain"));
        IrregularPulse irregular = irregular(n.object("irregularPulse"));
        Baseline baseline = baseline(n.object("baseline"));
        List<Schedule> schedules = schedules(n);
        n.done();
        return new Vitals(scale, oxygen, news2, limits, hbpm, weight, irregular, baseline, schedules);
    }

    /** The default limits, before a plan overrides, disables or adds any. */
    static List<Limit> defaultLimits(int spo2Scale) {
        List<Limit> l = new ArrayList<>();
        Duration none = Duration.ZERO;
        if (spo2Scale == 1) {
            l.add(new Limit("spo2-low", Measure.SPO2, Comparison.BELOW, 92, 1, Duration.ofMinutes(5), 1,
                    Priority.HIGH, "spo2-low", EventCode.VITAL_SIGN, NEWS2 + " scale 1: SpO2 ≤ 91 % scores 3"));
        } else {
            l.add(new Limit("spo2-low", Measure.SPO2, Comparison.BELOW, 88, 1, Duration.ofMinutes(5), 1,
                    Priority.HIGH, "spo2-low", EventCode.VITAL_SIGN, BTS + ": target 88–92 %"));
        }
        l.add(new Limit("bradycardia", Measure.PULSE, Comparison.BELOW, 50, 2, none, 2, Priority.MEDIUM,
                "pulse-low", EventCode.VITAL_SIGN, "bradycardia < 50 /min clinically significant (anchors D.2); "
                        + NEWS2 + " 41–50 scores 1"));
        l.add(new Limit("bradycardia-severe", Measure.PULSE, Comparison.AT_OR_BELOW, 40, 2, none, 1, Priority.HIGH,
                "pulse-low", EventCode.VITAL_SIGN, NEWS2 + ": pulse ≤ 40 scores 3"));
        l.add(new Limit("tachycardia", Measure.PULSE, Comparison.ABOVE, 100, 2, Duration.ofMinutes(10), 2,
                Priority.MEDIUM, "pulse-high", EventCode.VITAL_SIGN, "tachycardia > 100 /min at rest (anchors D.2)"));
        l.add(new Limit("tachycardia-severe", Measure.PULSE, Comparison.AT_OR_ABOVE, 131, 2, none, 1, Priority.HIGH,
                "pulse-high", EventCode.VITAL_SIGN, NEWS2 + ": pulse ≥ 131 scores 3"));
        l.add(new Limit("bp-severe-systolic", Measure.SYSTOLIC, Comparison.AT_OR_ABOVE, 180, 5, none, 1,
                Priority.HIGH, "bp-high", EventCode.VITAL_SIGN, NG136 + ": severe hypertension, systolic ≥ 180"));
        l.add(new Limit("bp-severe-diastolic", Measure.DIASTOLIC, Comparison.AT_OR_ABOVE, 110, 5, none, 1,
                Priority.HIGH, "bp-high", EventCode.VITAL_SIGN, NG136 + ": severe hypertension, diastolic ≥ 110"));
        l.add(new Limit("hypotension-systolic", Measure.SYSTOLIC, Comparison.BELOW, 90, 5, none, 1, Priority.MEDIUM,
                "bp-low", EventCode.VITAL_SIGN, "hypotension: systolic < 90 (anchors D.2)"));
        l.add(new Limit("hypotension-diastolic", Measure.DIASTOLIC, Comparison.BELOW, 60, 5, none, 1,
                Priority.MEDIUM, "bp-low", EventCode.VITAL_SIGN, "hypotension: diastolic < 60 (anchors D.2)"));
        l.add(new Limit("hypothermia", Measure.TEMPERATURE, Comparison.AT_OR_BELOW, 35.0, 0.5, none, 1,
                Priority.HIGH, "temperature-low", EventCode.VITAL_SIGN, NEWS2 + ": temperature ≤ 35.0 °C scores 3"));
        l.add(new Limit("fever", Measure.TEMPERATURE, Comparison.ABOVE, 38.0, 0.3, none, 1, Priority.MEDIUM,
                "temperature-high", EventCode.VITAL_SIGN, NEWS2 + ": 38.1–39.0 °C scores 1"));
        l.add(new Limit("fever-high", Measure.TEMPERATURE, Comparison.ABOVE, 39.0, 0.3, none, 1, Priority.HIGH,
                "temperature-high", EventCode.VITAL_SIGN, NEWS2 + ": ≥ 39.1 °C scores 2"));
        l.add(new Limit("hypoglycaemia", Measure.GLUCOSE, Comparison.BELOW, 4.0, 0.5, none, 1, Priority.HIGH,
                "glucose-low", EventCode.VITAL_SIGN, "hypoglycaemia < 4.0 mmol/L (NICE NG28, Diabetes UK '4 is the floor')"));
        l.add(new Limit("hypoglycaemia-severe", Measure.GLUCOSE, Comparison.BELOW, 3.0, 0.5, none, 1,
                Priority.CRITICAL, "glucose-low", EventCode.VITAL_SIGN, "level 2 hypoglycaemia < 3.0 mmol/L (IHSG 2017)"));
        l.add(new Limit("cold-home", Measure.ROOM_TEMPERATURE, Comparison.BELOW, 16, 1, Duration.ofHours(2), 2,
                Priority.MEDIUM, "cold-home", EventCode.COLD_HOME, "UKHSA Cold Weather Plan: < 16 °C harms respiratory health"));
        return l;
    }

    private static List<Limit> limits(YamlNode vitals, int scale) {
        Map<String, Limit> byId = new LinkedHashMap<>();
        for (Limit l : defaultLimits(scale)) {
            byId.put(l.id(), l);
        }
        for (YamlNode n : vitals.objects("limits")) {
            n.expect("id", "enabled", "measure", "below", "atOrBelow", "above", "atOrAbove", "hysteresis", "for",
                    "count", "priority", "group", "source");
            String id = id(n);
            Limit base = byId.get(id);
            if (!n.bool("enabled", true)) {
                if (base == null) {
                    throw new CarePlanException(n.key("id"), "'" + id + "' is not a default limit, so it cannot be disabled");
                }
                byId.remove(id);
                n.done();
                continue;
            }
            Measure measure = base == null ? null : base.measure();
            String m = n.text("measure", null);
            if (m != null) {
                try {
                    measure = Measure.ofKey(m);
                } catch (IllegalArgumentException e) {
                    throw new CarePlanException(n.key("measure"), e.getMessage());
                }
            }
            if (measure == null) {
                throw new CarePlanException(n.key("measure"), "is required for a new limit");
            }
            Comparison comparison = base == null ? null : base.comparison();
            double limit = base == null ? Double.NaN : base.limit();
            int given = 0;
            for (Comparison c : Comparison.values()) {
                if (n.has(c.key())) {
                    given++;
                    comparison = c;
                    limit = n.number(c.key(), 0, measure.plausibleMin(), measure.plausibleMax());
                } else {
                    n.number(c.key(), 0, 0, 0); // marks the key as known
                }
            }
            if (given > 1) {
                throw new CarePlanException(n.key("below"), "give exactly one of below, atOrBelow, above, atOrAbove");
            }
            if (comparison == null) {
                throw new CarePlanException(n.key("below"), "a new limit needs one of below, atOrBelow, above, atOrAbove");
            }
            double span = measure.plausibleMax() - measure.plausibleMin();
            double hysteresis = n.number("hysteresis", base == null ? measure.resolution() : base.hysteresis(), 0, span / 4);
            Duration duration = n.duration("for", base == null ? Duration.ZERO : base.duration(), Duration.ZERO, DAY);
            int count = n.integer("count", base == null ? 1 : base.count(), 1, 100);
            Priority priority = n.priority("priority", base == null ? Priority.HIGH : base.priority());
            String group = n.text("group", base == null ? id : base.group());
            checkId(n.key("group"), group);
            EventCode code = measure == Measure.ROOM_TEMPERATURE ? EventCode.COLD_HOME : EventCode.VITAL_SIGN;
            boolean changed = base == null || base.limit() != limit || base.comparison() != comparison;
            // A clinician's own limit is sourced as the care plan; an unchanged default keeps its published source.
            String source = n.text("source", !changed ? base.source()
                    : base == null ? "care plan" : "care plan (default: " + base.source() + ")");
            n.done();
            byId.put(id, new Limit(id, measure, comparison, limit, hysteresis, duration, count, priority, group,
                    code, source));
        }
        // The engine keeps what it said about one reading in 2 bits per group (VitalRules): at most 16 groups a
        // measure. Checked here so that a plan the cloud's editor accepts is one every hub can run.
        Map<Measure, java.util.Set<String>> groups = new java.util.EnumMap<>(Measure.class);
        for (Limit l : byId.values()) {
            if (groups.computeIfAbsent(l.measure(), m -> new java.util.HashSet<>()).add(l.group())
                    && groups.get(l.measure()).size() > 16) {
                throw new CarePlanException(vitals.key("limits"), "more than 16 limit groups for " + l.measure().key());
            }
        }
        return List.copyOf(byId.values());
    }

    private static HomeBloodPressure homeBp(YamlNode n) {
        // NICE NG136 1.2.6 / 1.2.9: 2 readings ≥ 1 min apart, morning and evening, 4–7 days, discard day 1;
        // stage 1 HBPM average ≥ 135/85, stage 2 ≥ 150/95.
        boolean enabled = n.bool("enabled", true);
        int days = n.integer("days", 7, 2, 14);
        int minDays = n.integer("minDays", 4, 2, days);
        double[] s1 = pressure(n, "stage1", 135, 85);
        double[] s2 = pressure(n, "stage2", 150, 95);
        if (s2[0] < s1[0] || s2[1] < s1[1]) {
            throw new CarePlanException(n.key("stage2"), "must not be below stage1");
        }
        Duration gap = n.duration("minGap", Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(30));
        Duration session = n.duration("sessionLength", Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofHours(3));
        Priority p1 = n.priority("stage1Priority", Priority.LOW);
        Priority p2 = n.priority("stage2Priority", Priority.MEDIUM);
        n.done();
        return new HomeBloodPressure(enabled, days, minDays, s1[0], s1[1], s2[0], s2[1], gap, session, p1, p2);
    }

    private static double[] pressure(YamlNode n, String name, double sys, double dia) {
        String s = n.text(name, null);
        if (s == null) {
            return new double[] {sys, dia};
        }
        String[] parts = s.split("/");
        try {
            if (parts.length == 2) {
                double a = Double.parseDouble(parts[0].trim());
                double b = Double.parseDouble(parts[1].trim());
                if (a >= 80 && a <= 250 && b >= 40 && b <= 150 && a > b) {
                    return new double[] {a, b};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CarePlanException(n.key(name), "'" + YamlNode.abbreviate(s)
                + "' is not systolic/diastolic in mmHg like 135/85");
    }

    private static WeightGain weightGain(YamlNode n) {
        // ESC heart-failure guideline (2021) self-care advice: act on a weight gain > 2 kg in 3 days. Off unless the
        // plan says heart failure: for others, weight change is a baseline matter.
        WeightGain w = new WeightGain(n.bool("enabled", false), n.number("kilograms", 2.0, 0.5, 10),
                n.duration("window", Duration.ofDays(3), DAY, Duration.ofDays(14)), n.priority("priority", Priority.HIGH));
        n.done();
        return w;
    }

    private static IrregularPulse irregular(YamlNode n) {
        // NICE NG136 1.1.2: automated cuffs are unreliable with an irregular pulse: palpate. Two flags in the last
        // three readings, so a single movement artefact does not call anyone.
        int of = n.integer("of", 3, 1, 32);
        IrregularPulse p = new IrregularPulse(n.bool("enabled", true), n.integer("count", 2, 1, of), of,
                n.priority("priority", Priority.LOW));
        n.done();
        return p;
    }

    private static Baseline baseline(YamlNode n) {
        // Western Electric rules need a stable phase-I baseline; 20 points is the usual minimum for a control chart.
        Set<Measure> measures = EnumSet.noneOf(Measure.class);
        List<String> names = n.strings("measures", List.of("systolic", "diastolic", "pulse", "spo2", "weight"));
        for (int i = 0; i < names.size(); i++) {
            try {
                measures.add(Measure.ofKey(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw new CarePlanException(n.key("measures") + "[" + i + "]", e.getMessage());
            }
        }
        if (!n.bool("enabled", true)) {
            measures.clear();
        }
        int window = n.integer("window", 30, 10, 500);
        Baseline b = new Baseline(measures, window, n.integer("minReadings", 20, 8, window),
                n.duration("minSpacing", Duration.ofHours(1), Duration.ZERO, DAY), n.priority("priority", Priority.LOW));
        n.done();
        return b;
    }

    private static List<Schedule> schedules(YamlNode vitals) {
        List<Schedule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode n : vitals.objects("schedule")) {
            n.expect("id", "measure", "at", "early", "grace", "escalateAfter", "notifyFamily", "priority");
            Measure measure;
            try {
                measure = Measure.ofKey(n.requiredText("measure"));
            } catch (IllegalArgumentException e) {
                if (e instanceof CarePlanException c) {
                    throw c;
                }
                throw new CarePlanException(n.key("measure"), e.getMessage());
            }
            String id = n.text("id", measure == Measure.SYSTOLIC ? "bloodPressure" : measure.key());
            checkId(n.key("id"), id);
            if (!ids.add(id)) {
                throw new CarePlanException(n.key("id"), "'" + id + "' is used twice; give each schedule its own id");
            }
            List<LocalTime> at = new ArrayList<>(new java.util.TreeSet<>(n.times("at")));
            Duration early = n.duration("early", Duration.ofHours(1), Duration.ZERO, Duration.ofHours(12));
            Duration grace = n.duration("grace", Duration.ofMinutes(30), Duration.ZERO, Duration.ofHours(12));
            Duration escalate = n.duration("escalateAfter", Duration.ofHours(2), Duration.ofMinutes(1), DAY);
            if (escalate.compareTo(grace) <= 0) {
                throw new CarePlanException(n.key("escalateAfter"), "must be longer than grace (" + YamlNode.human(grace) + ")");
            }
            Duration gap = smallestGap(at);
            if (escalate.compareTo(gap) >= 0) {
                throw new CarePlanException(n.key("escalateAfter"), "must be shorter than the gap between due times ("
                        + YamlNode.human(gap) + ")");
            }
            out.add(new Schedule(id, measure, at, early, grace, escalate, n.bool("notifyFamily", false),
                    n.priority("priority", EventCode.MISSED_MEASUREMENT.defaultPriority())));
            n.done();
        }
        return out;
    }

    private static Duration smallestGap(List<LocalTime> sorted) {
        long min = 86_400;
        for (int i = 0; i < sorted.size(); i++) {
            long a = sorted.get(i).toSecondOfDay();
            long b = i + 1 < sorted.size() ? sorted.get(i + 1).toSecondOfDay() : sorted.get(0).toSecondOfDay() + 86_400;
            min = Math.min(min, b - a == 0 ? 86_400 : b - a);
        }
        return Duration.ofSeconds(min);
    }

    // --------------------------------------------------------------------------------------------------- activity

    private static Activity activity(YamlNode n) {
        List<Inactivity> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (!n.has("inactivity")) {
            // Tunstall Lifeline 4000: inactivity time typically 12–14 h (anchors B.1). Mode 2 "not up by 10:00" is
            // opt-in: it depends on the resident's routine.
            rules.add(new Inactivity("no-activity", InactivityMode.CONTINUOUS, Duration.ofHours(12), null, null,
                    Set.of(), EventCode.INACTIVITY, EventCode.INACTIVITY.defaultPriority(), true));
        }
        for (YamlNode r : n.objects("inactivity")) {
            rules.add(inactivity(r, EventCode.INACTIVITY, true));
        }
        YamlNode kitchen = n.object("kitchen");
        if (kitchen.has("by")) {
            // "No kitchen activity by 11:00" is mode 2 restricted to the kitchen, without a pre-alarm: nobody
            // needs to cancel a late breakfast at the hub, the family is told.
            LocalTime by = kitchen.time("by", null);
            LocalTime from = kitchen.time("from", LocalTime.of(5, 0));
            if (!from.isBefore(by)) {
                throw new CarePlanException(kitchen.key("from"), "must be before 'by' (" + by + ")");
            }
            Set<String> rooms = new HashSet<>(kitchen.strings("rooms", List.of("kitchen")));
            rules.add(new Inactivity("no-kitchen-activity", InactivityMode.WINDOW, null, from, by, rooms,
                    EventCode.NO_KITCHEN_ACTIVITY, kitchen.priority("priority",
                            EventCode.NO_KITCHEN_ACTIVITY.defaultPriority()), false));
        }
        kitchen.done();
        for (Inactivity r : rules) {
            if (!ids.add(r.id())) {
                throw new CarePlanException("activity.inactivity", "id '" + r.id() + "' is used twice");
            }
        }
        YamlNode p = n.object("preAlarm");
        // Tunstall Lifeline 4000: "waits 10 min and repeats every 30 s"; Caresse warns for 5–10 min (anchors B.1).
        PreAlarm pre = new PreAlarm(p.duration("duration", Duration.ofMinutes(10), Duration.ZERO, Duration.ofMinutes(30)),
                p.duration("repeatEvery", Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(10)));
        p.done();
        YamlNode nt = n.object("night");
        Night night = new Night(nt.time("from", LocalTime.of(22, 0)), nt.time("to", LocalTime.of(7, 0)));
        if (night.from().equals(night.to())) {
            throw new CarePlanException(nt.key("to"), "night must not start and end at the same time");
        }
        nt.done();
        YamlNode d = n.object("doorAtNight");
        DoorAtNight door = new DoorAtNight(d.bool("enabled", true), new HashSet<>(d.strings("doors", List.of())),
                d.priority("priority", EventCode.WANDERING.defaultPriority()));
        d.done();
        YamlNode b = n.object("outOfBed");
        // Canary Care / GrandCare "bed out for > N min" rules (anchors B.2): 30 min covers a slow bathroom visit.
        OutOfBed bed = new OutOfBed(b.bool("enabled", true),
                b.duration("after", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(6)),
                b.priority("priority", EventCode.OUT_OF_BED.defaultPriority()));
        b.done();
        n.done();
        return new Activity(rules, pre, night, door, bed);
    }

    private static Inactivity inactivity(YamlNode r, EventCode code, boolean preAlarm) {
        r.expect("id", "mode", "after", "from", "to", "rooms", "priority", "preAlarm");
        String id = id(r);
        String m = r.requiredText("mode");
        InactivityMode mode = null;
        for (InactivityMode im : InactivityMode.values()) {
            if (im.key().equalsIgnoreCase(m)) {
                mode = im;
            }
        }
        if (mode == null) {
            throw new CarePlanException(r.key("mode"), "'" + YamlNode.abbreviate(m) + "' is not one of continuous, window, windowInactive");
        }
        // Tunstall limits: minimum 30 min, maximum 50 h (anchors B.1). Caresse allows 15 min in a window.
        Duration after = mode == InactivityMode.WINDOW ? null
                : r.duration("after", null, Duration.ofMinutes(mode == InactivityMode.CONTINUOUS ? 30 : 15), Duration.ofHours(50));
        if (mode != InactivityMode.WINDOW && after == null) {
            throw new CarePlanException(r.key("after"), "is required for mode " + mode.key());
        }
        LocalTime from = r.time("from", null);
        LocalTime to = r.time("to", null);
        if (mode != InactivityMode.CONTINUOUS) {
            if (from == null) {
                throw new CarePlanException(r.key("from"), "is required for mode " + mode.key());
            }
            if (to == null) {
                throw new CarePlanException(r.key("to"), "is required for mode " + mode.key());
            }
            if (!from.isBefore(to)) {
                throw new CarePlanException(r.key("to"), "must be after 'from' on the same day (" + from + ")");
            }
            if (after != null && after.compareTo(Duration.between(from, to)) > 0) {
                throw new CarePlanException(r.key("after"), "is longer than the window " + from + "–" + to);
            }
        } else if (from != null || to != null) {
            throw new CarePlanException(r.key(from != null ? "from" : "to"), "applies only to modes window and windowInactive");
        }
        Set<String> rooms = new HashSet<>(r.strings("rooms", List.of()));
        Inactivity out = new Inactivity(id, mode, after, from, to, rooms, code, r.priority("priority",
                code.defaultPriority()), r.bool("preAlarm", preAlarm));
        r.done();
        return out;
    }

    // ------------------------------------------------------------------------------------------------ supervision

    private static Supervision supervision(YamlNode n) {
        // Tellu: "transmitter out of range" after 73 h with a 9 h heartbeat; we default tighter (26 h: a day plus a
        // missed check-in) because a silent pendant is a resident without an alarm. Battery reminders once a day
        // (Tellu). Mains: a flicker shorter than 30 s is not a power cut worth telling anyone about.
        Supervision s = new Supervision(
                n.duration("missingAfter", Duration.ofHours(26), Duration.ofMinutes(5), WEEK),
                n.duration("debounce", Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(6)),
                n.number("batteryLowBelow", 20, 1, 90),
                n.duration("batteryRepeat", DAY, Duration.ofHours(1), WEEK),
                n.duration("powerFailAfter", Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(1)),
                n.duration("faultHoldoff", Duration.ofHours(1), SECOND, DAY),
                n.integer("maxDevices", 64, 1, 1024),
                checkIn(n.object("checkIn")));
        n.done();
        return s;
    }

    private static Map<String, Duration> checkIn(YamlNode n) {
        Map<String, Duration> out = new LinkedHashMap<>();
        for (String device : n.keys()) {
            if (!device.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")) {
                throw new CarePlanException(n.key(device), "is not a device id");
            }
            out.put(device, n.duration(device, null, Duration.ofMinutes(5), Duration.ofDays(30)));
        }
        n.done();
        return out;
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private static String id(YamlNode n) {
        String id = n.requiredText("id");
        checkId(n.key("id"), id);
        return id;
    }

    private static void checkId(String key, String id) {
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,47}")) {
            throw new CarePlanException(key, "'" + YamlNode.abbreviate(id) + "' is not an id (1-48 of A-Z a-z 0-9 . _ -)");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl > 0 ? s.substring(0, nl) : s;
    }
}
