package org.hearthgate.relay.notify;

import java.util.Map;
import org.json.JSONException;
import uk.gov.service.notify.NotificationClientException;
import uk.gov.service.notify.SendSmsResponse;

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
        var earlier = notify.earlier(message.idempotencyKey(), "sms");
        if (earlier.isPresent()) {
            return new Delivery.Sent(earlier.get());
        }
        try {
            SendSmsResponse r = notify.call(() -> notify.client().sendSms(settings.smsTemplateId(),
                    message.address(), Map.of("message", message.text()), message.idempotencyKey()));
            return new Delivery.Sent(r.getNotificationId().toString());
        } catch (NotificationClientException e) {
            return GovUkNotify.classify(e);
        } catch (GovUkNotify.NoAnswer e) {
            return new Delivery.Transient(e.getMessage(), null);
        } catch (JSONException e) {
            // Only a 201 answer is parsed, so Notify took the message: sending it again would send it twice.
            return new Delivery.Sent(null);
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
