package org.hearthgate.contract.wire;

import java.util.List;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Require;

/**
 * The cloud's application-level answer to up messages (like SCAIP's {@code mrs} echoing {@code ref}): it has stored
 * them (ACCEPTED), already had them (DUPLICATE, equally final) or will never take them (REJECTED, with the reason).
 * Only a receipt, not an MQTT PUBACK, lets the hub stop retrying an alarm.
 */
public record Receipt(List<MessageId> refs, Status status, String reason) implements Payload {
    public enum Status { ACCEPTED, DUPLICATE, REJECTED }

    public Receipt {
        refs = List.copyOf(Require.present(refs, "refs"));
        if (refs.isEmpty() || refs.size() > 500) {
            throw new IllegalArgumentException("refs: must hold 1..500 message ids");
        }
        Require.present(status, "status");
        Require.optionalText(reason, 200, "reason");
    }

    @Override
    public Channel channel() {
        return Channel.RECEIPT;
    }
}
