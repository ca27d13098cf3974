package org.hearthgate.alerts.plan;

/** A care plan was rejected: {@link #key()} is the YAML path of the bad value, {@link #reason()} why. */
public final class CarePlanException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String reason;

    public CarePlanException(String key, String reason) {
        super("care plan: " + key + ": " + reason);
        this.key = key;
        this.reason = reason;
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }
}
