package org.hearthgate.contract.wire;

import org.hearthgate.contract.Require;

/**
 * The hub is alive. {@code intervalS} tells the cloud when to expect the next one (it raises "hub offline" after
 * three missed); {@code outboxDepth} and {@code oldestPendingS} show a backlog before it becomes a problem.
 * {@code carePlan} is the digest ({@link ConfigUpdate#carePlanDigest}) of the care plan the hub runs now, so the cloud
 * sees which plan is in force in every home, also after a plan pushed to it was applied or refused (absent from hubs
 * older than this field).
 */
public record Heartbeat(int intervalS, long uptimeS, int outboxDepth, long oldestPendingS, String firmware,
        String carePlan) implements Payload {
    public Heartbeat {
        Require.between(intervalS, 1, 86_400, "intervalS");
        Require.atLeast(uptimeS, 0, "uptimeS");
        Require.atLeast(outboxDepth, 0, "outboxDepth");
        Require.atLeast(oldestPendingS, 0, "oldestPendingS");
        Require.optionalText(firmware, 64, "firmware");
        Require.optionalText(carePlan, 64, "carePlan");
    }

    public Heartbeat(int intervalS, long uptimeS, int outboxDepth, long oldestPendingS, String firmware) {
        this(intervalS, uptimeS, outboxDepth, oldestPendingS, firmware, null);
    }

    @Override
    public Channel channel() {
        return Channel.HEARTBEAT;
    }
}
