package org.hearthgate.relay.directory;

/** What a write did: the audit trail records changes, and an import twice over must come to UNCHANGED. */
public enum Change {
    CREATED, UPDATED, UNCHANGED
}
