package org.hearthgate.relay.audit;

import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.access.Caller;

/**
 * The append-only, hash-chained record of every read of personal data and every change (who, what, which resident,
 * when, from where). An IG lead lists who looked at a resident; {@code ./hearthgate admin verify-audit} checks the
 * chain.
 */
public interface AuditTrail {
    /**
     * @param action   what was done, e.g. "resident.read", "alarm.acknowledge", "directory.import"
     * @param resident the resident concerned, or null
     * @param detail   short, no personal data beyond ids
     */
    void record(Caller who, String action, ResidentId resident, String detail);
}
