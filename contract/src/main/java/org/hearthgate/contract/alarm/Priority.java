package org.hearthgate.contract.alarm;

/**
 * How urgently a person must respond. Ordered from most to least urgent, so {@code compareTo < 0} means "more
 * urgent". The number is the SCAIP {@code pri} value (1 = highest), so an alarm-receiving-centre bridge is a mapping.
 */
public enum Priority {
    CRITICAL(1),
    HIGH(2),
    MEDIUM(3),
    LOW(4),
    INFO(5);

    private final int scaip;

    Priority(int scaip) {
        this.scaip = scaip;
    }

    public int scaip() {
        return scaip;
    }

    public boolean moreUrgentThan(Priority other) {
        return compareTo(other) < 0;
    }
}
