package org.hearthgate.contract.wire;

import org.hearthgate.contract.Require;

/**
 * The hub is alive. {@code intervalS} tells the cloud when to expect the next one (it raises "hub offline" after
 * three missed); {@code outboxDepth} and {@code oldestPendingS} show a backlog before it becomes a problem.
 */
public record Heartbeat(int intervalS, long uptimeS, int outboxDepth, long oldestPendingS, String firmware)
        implements Payload {
    public Heartbeat {
        Require.between(intervalS, 1, 86_400, "intervalS");
        Require.atLeast(uptimeS, 0, "uptimeS");
        Require.atLeast(outboxDepth, 0, "outboxDepth");
        Require.atLeast(oldestPendingS, 0, "oldestPendingS");
        Require.optionalText(firmware, 64, "firmware");
    }

    @Override
    public Channel channel() {
        return Channel.HEARTBEAT;
    }
}
