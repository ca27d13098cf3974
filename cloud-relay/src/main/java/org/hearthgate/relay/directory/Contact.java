package org.hearthgate.relay.directory;

import java.util.List;
import org.hearthgate.contract.Require;

/**
 * A person (or team) that care circles name: how to reach them, in their preference order, and when not to wake
 * them. One contact may be in several residents' circles (a responder team, a GP practice, a neighbour of two).
 *
 * @param quiet null: no quiet hours
 */
public record Contact(String id, String name, List<ContactPoint> channels, QuietHours quiet) {
    public Contact {
        DirectoryIds.check(id, "id");
        Require.text(name, 200, "name");
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}
