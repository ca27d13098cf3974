package org.hearthgate.relay.directory;

import java.util.List;
import org.hearthgate.contract.Require;

/**
 * One person in a resident's care circle.
 *
 * @param contactId      stable id of the contact (unique in the tenant)
 * @param name           how messages name them to others ("Sam Patel")
 * @param residentCalled what they call the resident in a message to them ("Mum"); null: the resident's first name
 * @param order          preference order within the role (1 first)
 * @param channels       how to reach them, in their preference order
 * @param quiet          null: no quiet hours
 * @param login          the console account linked to this contact, or null (family often have none)
 */
public record CircleMember(String contactId, String name, String residentCalled, CircleRole role, int order,
        List<ContactPoint> channels, QuietHours quiet, Sees sees, String login) {
    public CircleMember {
        Require.present(contactId, "contactId");
        Require.present(name, "name");
        Require.present(role, "role");
        channels = channels == null ? List.of() : List.copyOf(channels);
        sees = sees == null ? Sees.ALERTS : sees;
    }
}
