package org.hearthgate.relay.directory;

/**
 * What a signed-in person may see (Caldicott: need to know, enforced on the server). ADMIN and RESPONDER see their
 * own tenant; CLINICIAN, FAMILY and NEIGHBOUR only the residents whose care circle names them.
 */
public enum Role {
    ADMIN, RESPONDER, CLINICIAN, FAMILY, NEIGHBOUR;

    /** True for roles that see every resident of their tenant. */
    public boolean seesWholeTenant() {
        return this == ADMIN || this == RESPONDER;
    }
}
