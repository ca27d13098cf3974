package org.hearthgate.contract.wire;

import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.TenantId;

/** One concrete topic, {@code hg/v1/{tenant}/{hub}/{up|down}/{channel}}. */
public record Topic(TenantId tenant, HubId hub, Channel channel) {
    public Topic {
        Require.present(tenant, "tenant");
        Require.present(hub, "hub");
        Require.present(channel, "channel");
    }

    public String path() {
        return Topics.ROOT + "/" + tenant + "/" + hub + "/" + channel.direction().level() + "/" + channel.level();
    }

    @Override
    public String toString() {
        return path();
    }
}
