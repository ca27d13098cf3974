package org.hearthgate.alerts.plan;

/** How a limit compares: the plan key names it ({@code below: 92} means "alarm when the value is under 92"). */
public enum Comparison {
    BELOW("below", "<"),
    AT_OR_BELOW("atOrBelow", "≤"),
    ABOVE("above", ">"),
    AT_OR_ABOVE("atOrAbove", "≥");

    private final String key;
    private final String symbol;

    Comparison(String key, String symbol) {
        this.key = key;
        this.symbol = symbol;
    }

    public String key() {
        return key;
    }

    public String symbol() {
        return symbol;
    }

    public boolean breached(double value, double limit) {
        return switch (this) {
            case BELOW -> value < limit;
            case AT_OR_BELOW -> value <= limit;
            case ABOVE -> value > limit;
            case AT_OR_ABOVE -> value >= limit;
        };
    }

    /**
     * True once the value is back past the limit by the hysteresis margin, so that a reading wobbling around the
     * limit does not raise, clear and raise again.
     */
    public boolean cleared(double value, double limit, double hysteresis) {
        return switch (this) {
            case BELOW, AT_OR_BELOW -> value >= limit + hysteresis && !breached(value, limit);
            case ABOVE, AT_OR_ABOVE -> value <= limit - hysteresis && !breached(value, limit);
        };
    }

    public boolean low() {
        return this == BELOW || this == AT_OR_BELOW;
    }
}
