package org.hearthgate.relay.directory;

import org.hearthgate.contract.Require;
import org.hearthgate.relay.notify.Channel;

/** One way to reach a contact: a mobile number (E.164) for SMS, an e-mail address, or a webhook URL. */
public record ContactPoint(Channel channel, String address) {
    public ContactPoint {
        Require.present(channel, "channel");
        Require.present(address, "address");
    }
}
