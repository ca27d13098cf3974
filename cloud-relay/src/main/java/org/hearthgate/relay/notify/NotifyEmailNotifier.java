package org.hearthgate.relay.notify;

import java.util.Map;
import org.json.JSONException;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.SendEmailResponse;

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
        var earlier = notify.earlier(message.idempotencyKey(), "email");
        if (earlier.isPresent()) {
            return new Delivery.Sent(earlier.get());
        }
        try {
            SendEmailResponse r = notify.call(() -> notify.client().sendEmail(settings.emailTemplateId(),
                    message.address(), Map.of("subject", message.subject() == null ? "" : message.subject(),
                            "message", message.text()), message.idempotencyKey()));
            return new Delivery.Sent(r.getNotificationId().toString());
        } catch (NotificationClientException e) {
            return GovUkNotify.classify(e);
        } catch (GovUkNotify.NoAnswer e) {
            return new Delivery.Transient(e.getMessage(), null);
        } catch (JSONException e) {
            return new Delivery.Sent(null); // a 201 we could not read: Notify has it
        } catch (RuntimeException e) {
            // never throw for a delivery problem (the client throws unchecked ones for odd answers)
            return new Delivery.Transient("GOV.UK Notify client failed: " + e.getClass().getSimpleName(), null);
        }
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
