package org.hearthgate.relay.escalation;

import java.time.Instant;

/**
 * One line of an alarm's escalation timeline, for the console: a step taken ({@code escalation.*}, {@code step.*}),
 * a message queued, sent, retried, failed or skipped ({@code notification.*}, with its key), an answer from an
 * attend link ({@code attend.*}), or the outcome. {@code detail} names channels and recipients, never message text.
 */
public record TimelineEntry(Instant at, String kind, String detail, String notificationKey) {
}
