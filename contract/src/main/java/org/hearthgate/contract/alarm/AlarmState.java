package org.hearthgate.contract.alarm;

import java.util.Set;

/**
 * The alarm lifecycle shared by hub and cloud: raised → received → acknowledged → resolved, or cancelled by the
 * resident (a pre-alarm they answered, a false press). A state only moves forward; {@link #canMoveTo} says which
 * moves are legal so that a replayed or reordered update can never reopen a closed alarm.
 */
public enum AlarmState {
    RAISED,
    RECEIVED,
    ACKNOWLEDGED,
    RESOLVED,
    CANCELLED;

    public boolean isOpen() {
        return this != RESOLVED && this != CANCELLED;
    }

    public boolean canMoveTo(AlarmState next) {
        return switch (this) {
            case RAISED -> next != RAISED;
            case RECEIVED -> Set.of(ACKNOWLEDGED, RESOLVED, CANCELLED).contains(next);
            case ACKNOWLEDGED -> next == RESOLVED || next == CANCELLED;
            case RESOLVED, CANCELLED -> false;
        };
    }
}
