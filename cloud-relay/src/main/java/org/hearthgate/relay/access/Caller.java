package org.hearthgate.relay.access;

import java.util.Set;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.directory.Role;

/**
 * The signed-in person behind a request, as every route sees it ({@code ctx.get(Caller.KEY)}): their tenant, their
 * role, and for CLINICIAN, FAMILY and NEIGHBOUR the residents whose care circle names them. Routes ask it, never the
 * request, what may be shown.
 *
 * @param from the client's address, for the audit trail
 */
public record Caller(String login, TenantId tenant, Role role, Set<ResidentId> residents, String from) {
    public static final String KEY = "caller";

    public Caller {
        residents = residents == null ? Set.of() : Set.copyOf(residents);
    }

    /** May this caller see anything about {@code resident} of {@code tenant}? */
    public boolean maySee(TenantId tenant, ResidentId resident) {
        return this.tenant.equals(tenant) && (role.seesWholeTenant() || residents.contains(resident));
    }

    public boolean isAdminOf(TenantId tenant) {
        return role == Role.ADMIN && this.tenant.equals(tenant);
    }
}
