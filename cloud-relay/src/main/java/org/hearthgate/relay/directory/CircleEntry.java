package org.hearthgate.relay.directory;

import org.hearthgate.contract.Require;

/**
 * One line of a care circle as an admin writes it: which contact, in what role, in which order within the role,
 * what they may see, and what they call the resident ("Mum"; null: the resident's name).
 */
public record CircleEntry(String contactId, CircleRole role, int order, Sees sees, String residentCalled) {
    public CircleEntry {
        DirectoryIds.check(contactId, "contact");
        Require.present(role, "role");
        Require.between(order, 1, 99, "order");
        sees = sees == null ? Sees.ALERTS : sees;
        Require.optionalText(residentCalled, 64, "calls");
    }
}
