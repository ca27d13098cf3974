package org.hearthgate.relay.directory;

/** What a contact may see about the resident; each level includes the ones before it. */
public enum Sees {
    /** Alarms and how they ended. */
    ALERTS,
    /** ...and whether the hub is online, last activity. */
    STATUS,
    /** ...and the trends the resident agreed to share. */
    TRENDS;

    public boolean includes(Sees other) {
        return compareTo(other) >= 0;
    }
}
