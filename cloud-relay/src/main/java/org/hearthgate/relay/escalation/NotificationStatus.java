package org.hearthgate.relay.escalation;

import java.time.Instant;
import org.hearthgate.relay.notify.Channel;

/** Where one message stands, for the console's view of an alarm. */
public record NotificationStatus(String key, String kind, String contactId, String recipient, String role,
        Channel channel, String status, int attempts, Instant nextAttemptAt, String lastError) {
}
