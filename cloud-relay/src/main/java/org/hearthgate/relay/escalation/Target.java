package org.hearthgate.relay.escalation;

import org.hearthgate.contract.Require;
import org.hearthgate.relay.directory.CircleRole;

/** Whom a notify step reaches. */
public sealed interface Target {
    /**
     * Everyone in the resident's care circle with this role (ON_CALL, the FAMILY group, the NEIGHBOUR group,
     * CLINICIAN, RESPONDER, SERVICE_MANAGER), each on the step's channels they have.
     */
    record Role(CircleRole role) implements Target {
        public Role {
            Require.present(role, "role");
        }

        @Override
        public String toString() {
            return role.name();
        }
    }

    /** One named contact of the care circle, by contact id. */
    record Contact(String contactId) implements Target {
        public Contact {
            Require.present(contactId, "contactId");
        }

        @Override
        public String toString() {
            return "contact:" + contactId;
        }
    }

    /** Another system (an alarm receiving centre): a signed webhook to this URL. */
    record Webhook(String url) implements Target {
        public Webhook {
            Require.present(url, "url");
        }

        @Override
        public String toString() {
            return "webhook:" + url;
        }
    }

    /** True when the target may be family or friends (who are never woken for advisories). */
    default boolean reachesFamilyOrFriends() {
        return this instanceof Role r && (r.role() == CircleRole.FAMILY || r.role() == CircleRole.NEIGHBOUR)
                || this instanceof Contact;
    }
}
