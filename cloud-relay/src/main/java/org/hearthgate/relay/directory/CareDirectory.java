package org.hearthgate.relay.directory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;

/**
 * What the rest of the cloud asks the directory: who a resident is, who is in their circle, which residents a
 * signed-in person may see, whose hub this is. Implemented on the SQL store (SQLite or PostgreSQL).
 */
public interface CareDirectory {
    Optional<Resident> resident(TenantId tenant, ResidentId resident);

    /** The resident's care circle, by role and then preference order. */
    List<CircleMember> circle(TenantId tenant, ResidentId resident);

    /** Residents whose care circle names the contact linked to this account (clinicians, family, neighbours). */
    Set<ResidentId> residentsNaming(TenantId tenant, String login);

    Optional<Account> account(String login);

    /** The resident a hub is assigned to now, if any. */
    Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub);
}
