package org.hearthgate.sim.persona;

import java.time.LocalDateTime;

/** An act at a local time in the resident's home. */
public record Step(LocalDateTime at, Act act) implements Comparable<Step> {
    @Override
    public int compareTo(Step o) {
        return at.compareTo(o.at);
    }
}
