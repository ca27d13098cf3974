package org.hearthgate.relay.notify;

import java.util.Map;

/**
 * E-mail through GOV.UK Notify ({@code POST /v2/notifications/email}), for a service without its own SMTP server.
 * The template: subject {@code ((subject))}, body {@code ((message))}; the idempotency key is the reference.
 */
public final class NotifyEmailNotifier implements Notifier, Receipts, AutoCloseable {
    private final NotifyConfig.Notify settings;
    private final GovUkNotify notify;

    public NotifyEmailNotifier(NotifyConfig.Notify settings) {
        if (settings.emailTemplateId() == null) {
            throw new IllegalArgumentException("emailTemplateId: is required for e-mail");
        }
        this.settings = settings;
        this.notify = new GovUkNotify(settings);
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Delivery send(Outgoing message) {
        return notify.send(message, "email", () -> notify.client().sendEmail(settings.emailTemplateId(),
                message.address(), Map.of("subject", message.subject() == null ? "" : message.subject(),
                        "message", message.text()), message.idempotencyKey()).getNotificationId());
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
