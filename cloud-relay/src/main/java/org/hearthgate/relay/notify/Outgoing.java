package org.hearthgate.relay.notify;

import java.util.Map;
import org.hearthgate.contract.Require;

/**
 * One message to one recipient.
 *
 * @param idempotencyKey alarm × step × recipient: the same key is never delivered twice (claimed in the store)
 * @param address        e-mail address, phone number in E.164, or webhook URL
 * @param subject        e-mail subject (ignored by SMS)
 * @param text           the words a person reads: plain, no clinical codes, minimum personal data in an SMS
 * @param data           the structured body of a webhook (social-alarm vocabulary); empty for people
 */
public record Outgoing(String idempotencyKey, Channel channel, String address, String subject, String text,
        Map<String, Object> data) {
    public Outgoing {
        Require.present(idempotencyKey, "idempotencyKey");
        Require.present(channel, "channel");
        Require.present(address, "address");
        text = text == null ? "" : text;
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
