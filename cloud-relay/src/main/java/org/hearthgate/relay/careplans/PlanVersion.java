package org.hearthgate.relay.careplans;

import java.time.Instant;

/**
 * One saved version of a resident's care plan, never changed once written.
 *
 * @param yaml   the text as saved (null in a brief listing)
 * @param digest {@link org.hearthgate.contract.wire.ConfigUpdate#carePlanDigest} of the text: what a hub reports
 * @param note   why it changed, in the author's words, or null
 */
public record PlanVersion(int version, String yaml, String digest, String author, Instant createdAt, String note) {
}
