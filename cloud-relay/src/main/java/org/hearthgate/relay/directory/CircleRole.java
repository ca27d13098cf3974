package org.hearthgate.relay.directory;

/** Why someone is in a resident's care circle. */
public enum CircleRole {
    /** The monitoring team that answers alarms. */
    RESPONDER,
    /** The responder on call out of hours. */
    ON_CALL,
    CLINICIAN,
    FAMILY,
    /** Nominated neighbours and friends who may be asked to visit. */
    NEIGHBOUR,
    /** Whoever is told when a chain ends with nobody having taken the alarm on. */
    SERVICE_MANAGER
}
