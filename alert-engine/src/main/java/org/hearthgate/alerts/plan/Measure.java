package org.hearthgate.alerts.plan;

/**
 * A vital sign or home measure a rule can watch, always in one canonical unit (the engine converts kPa, °F and lb
 * before any rule sees a value). {@code plausibleMin..plausibleMax} bound what a care plan may set as a limit.
 */
public enum Measure {
    SPO2("spo2", "%", "oxygen level", 50, 100, 0.5),
    PULSE("pulse", "/min", "pulse", 20, 250, 1),
    SYSTOLIC("systolic", "mmHg", "blood pressure", 50, 260, 2),
    DIASTOLIC("diastolic", "mmHg", "blood pressure", 30, 160, 2),
    TEMPERATURE("temperature", "°C", "temperature", 30, 43, 0.1),
    WEIGHT("weight", "kg", "weight", 20, 300, 0.2),
    GLUCOSE("glucose", "mmol/L", "blood sugar", 1, 35, 0.2),
    ROOM_TEMPERATURE("roomTemperature", "°C", "room temperature", 0, 40, 0.3);

    private final String key;
    private final String unit;
    private final String spoken;
    private final double plausibleMin;
    private final double plausibleMax;
    private final double resolution;

    Measure(String key, String unit, String spoken, double plausibleMin, double plausibleMax, double resolution) {
        this.key = key;
        this.unit = unit;
        this.spoken = spoken;
        this.plausibleMin = plausibleMin;
        this.plausibleMax = plausibleMax;
        this.resolution = resolution;
    }

    /** The name used in care-plan YAML and in de-duplication keys. */
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    /** How the hub names this measure when it speaks to the resident. */
    public String spoken() {
        return spoken;
    }

    public double plausibleMin() {
        return plausibleMin;
    }

    public double plausibleMax() {
        return plausibleMax;
    }

    /**
     * The smallest meaningful difference. A personal baseline's spread never counts as smaller than this, so that a
     * run of identical cuff readings does not make the next ordinary one look like a 10-sigma event.
     */
    public double resolution() {
        return resolution;
    }

    /** Parses a plan name; {@code bloodPressure} means the systolic reading (a cuff gives both at once). */
    public static Measure ofKey(String name) {
        if ("bloodPressure".equalsIgnoreCase(name)) {
            return SYSTOLIC;
        }
        for (Measure m : values()) {
            if (m.key.equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown measure '" + name + "' (one of bloodPressure, "
                + java.util.Arrays.stream(values()).map(Measure::key).toList() + ")");
    }
}
