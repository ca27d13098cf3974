package org.hearthgate.relay.directory;

import java.time.LocalTime;
import org.hearthgate.contract.Require;

/** When a contact is not to be woken for anything but an emergency; may wrap midnight (22:00–07:00). */
public record QuietHours(LocalTime from, LocalTime to) {
    public QuietHours {
        Require.present(from, "from");
        Require.present(to, "to");
    }

    public boolean covers(LocalTime t) {
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }
}
