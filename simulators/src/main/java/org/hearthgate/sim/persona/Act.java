package org.hearthgate.sim.persona;

/** One thing a resident does that a sensor in the home sees. */
public sealed interface Act {
    /** Moves into a room: its PIR sees motion. */
    record EnterRoom(String room) implements Act {
    }

    /** Gets into bed (occupied) or out of it. */
    record Bed(boolean occupied) implements Act {
    }

    /** Opens or closes the front door. */
    record FrontDoor(boolean open) implements Act {
    }

    /** Takes the morning or evening blood pressure (two readings a session, as NICE NG136 asks). */
    record TakeBloodPressure() implements Act {
    }

    /** Steps on the scale, after the bathroom and before breakfast. */
    record Weigh() implements Act {
    }
}
