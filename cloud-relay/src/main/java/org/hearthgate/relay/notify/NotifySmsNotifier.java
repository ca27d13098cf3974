package org.hearthgate.relay.notify;

import java.util.Map;

/**
 * Text messages through GOV.UK Notify ({@code POST /v2/notifications/sms}) with its Java client. The template's
 * body is a single {@code ((message))} placeholder; the idempotency key goes as Notify's {@code reference}, and
 * before sending it asks Notify whether it already has a message with that reference (an earlier attempt whose
 * answer was lost), so a retry does not send twice. The delivery's reference is Notify's notification id, for
 * {@link #status}.
 */
public final class NotifySmsNotifier implements Notifier, Receipts, AutoCloseable {
    private final NotifyConfig.Notify settings;
    private final GovUkNotify notify;

    public NotifySmsNotifier(NotifyConfig.Notify settings) {
        if (settings.smsTemplateId() == null) {
            throw new IllegalArgumentException("smsTemplateId: is required for text messages");
        }
        this.settings = settings;
        this.notify = new GovUkNotify(settings);
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public Delivery send(Outgoing message) {
        return notify.send(message, "sms", () -> notify.client().sendSms(settings.smsTemplateId(),
                message.address(), Map.of("message", message.text()), message.idempotencyKey()).getNotificationId());
    }

    @Override
    public DeliveryStatus status(String reference) {
        return notify.status(reference);
    }

    @Override
    public void close() {
        notify.close();
    }
}
