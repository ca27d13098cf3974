package org.hearthgate.relay.directory;

import org.hearthgate.contract.Require;
import org.hearthgate.contract.TenantId;

/** A telecare service or council: everything in the directory belongs to one, and tenants never see each other. */
public record Tenant(TenantId id, String name) {
    public Tenant {
        Require.present(id, "id");
        Require.text(name, 200, "name");
    }
}
