package org.hearthgate.relay.directory;

import org.hearthgate.contract.TenantId;

/**
 * A console sign-in. {@code passwordHash} is {@code pbkdf2$…} (see {@code Users.hash}); {@code totpSecret} (Base32)
 * turns on the second factor; {@code contactId} links a family, neighbour or clinician account to the contact the
 * care circles name.
 */
public record Account(String login, TenantId tenant, Role role, String passwordHash, String totpSecret,
        String contactId, boolean disabled) {
}
