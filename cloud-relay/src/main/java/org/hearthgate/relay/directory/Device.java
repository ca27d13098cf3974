package org.hearthgate.relay.directory;

import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Require;

/** A device paired with a hub: a pendant, a fall detector, a cuff; {@code kind} as the hub's drivers name it. */
public record Device(HubId hub, DeviceId id, String kind, String model) {
    public Device {
        Require.present(hub, "hub");
        Require.present(id, "id");
        Require.text(kind, 64, "kind");
        Require.optionalText(model, 200, "model");
    }
}
