package org.hearthgate.sim.demo;

import java.util.Arrays;
import java.util.List;

/** The scripted demo scenarios. */
public enum Scenario {
    PENDANT("pendant", "The resident presses the pendant; a responder acknowledges and resolves each alarm."),
    FALL("fall", "A belt-worn accelerometer streams a real recorded fall (SisFall F01); the resident lies still, the "
            + "pre-alarm is confirmed and the fall alarm goes out."),
    OUTAGE("outage", "The broker goes down, the resident presses the pendant, the broker comes back: nothing is lost."),
    RESIDENT("resident", "A simulated day: readings and movement flow, the pendant is pressed every two minutes.");

    private final String id;
    private final String description;

    Scenario(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static Scenario of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + id + "'; try --scenario list"));
    }

    public static List<Scenario> all() {
        return List.of(values());
    }
}
