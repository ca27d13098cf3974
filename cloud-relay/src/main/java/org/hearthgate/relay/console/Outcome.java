package org.hearthgate.relay.console;

/**
 * How an alarm ended, from a fixed list (the escalation issue's), so that reports and the family's message can say
 * it in words. Resolving in the console requires one.
 */
public enum Outcome {
    FALSE_ALARM("False alarm"),
    RESIDENT_OK("Resident OK after call"),
    VISITED("Visited"),
    AMBULANCE_CALLED("Ambulance called"),
    ADMITTED("Admitted to hospital"),
    NO_RESPONSE_ESCALATED("No response: escalated"),
    TECHNICAL("Technical fault dealt with");

    private final String words;

    Outcome(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }

    /** The outcome named by {@code name} (its constant), or null when it names none. */
    public static Outcome parse(String name) {
        for (Outcome o : values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
