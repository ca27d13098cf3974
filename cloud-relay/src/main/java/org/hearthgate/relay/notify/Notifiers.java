package org.hearthgate.relay.notify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifiers a relay has, one per channel, built from its {@code notify:} configuration. E-mail goes by SMTP
 * when {@code smtp} is configured, else through Notify when it has an e-mail template; SMS goes through Notify when
 * it has an SMS template, else through the HTTP gateway; webhooks to the configured receivers. The console is not
 * here: its live feed already exists.
 */
public final class Notifiers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifiers.class);

    private final Map<Channel, Notifier> byChannel;

    public Notifiers(List<Notifier> notifiers) {
        var map = new EnumMap<Channel, Notifier>(Channel.class);
        for (Notifier n : notifiers) {
            if (map.putIfAbsent(n.channel(), n) != null) {
                throw new IllegalArgumentException("two notifiers for " + n.channel());
            }
        }
        this.byChannel = map;
    }

    /** No channels at all (no {@code notify:} block). */
    public static Notifiers none() {
        return new Notifiers(List.of());
    }

    public static Notifiers from(NotifyConfig config, Clock clock) {
        if (config == null) {
            return none();
        }
        var list = new ArrayList<Notifier>();
        if (config.smtp() != null) {
            list.add(new EmailNotifier(config.smtp(), clock));
        } else if (config.govUkNotify() != null && config.govUkNotify().emailTemplateId() != null) {
            list.add(new NotifyEmailNotifier(config.govUkNotify()));
        }
        if (config.govUkNotify() != null && config.govUkNotify().smsTemplateId() != null) {
            list.add(new NotifySmsNotifier(config.govUkNotify()));
        } else if (config.httpSms() != null) {
            list.add(new HttpSmsNotifier(config.httpSms(), clock));
        }
        if (!config.webhooks().isEmpty()) {
            list.add(new WebhookNotifier(config.webhooks(), clock));
        }
        var notifiers = new Notifiers(list);
        // which implementation per channel, never a setting's value (the config's toString hides secrets anyway)
        LOG.info("notifiers: {}", notifiers.describe());
        return notifiers;
    }

    public Optional<Notifier> forChannel(Channel channel) {
        return Optional.ofNullable(byChannel.get(channel));
    }

    public boolean has(Channel channel) {
        return byChannel.containsKey(channel);
    }

    /** For a start-up line: "EMAIL=EmailNotifier, SMS=NotifySmsNotifier". */
    public String describe() {
        var parts = new ArrayList<String>();
        byChannel.forEach((c, n) -> parts.add(c + "=" + n.getClass().getSimpleName()));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    @Override
    public void close() {
        for (Notifier n : byChannel.values()) {
            if (n instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing the {} notifier failed: {}", n.channel(), e.getClass().getSimpleName());
                }
            }
        }
    }
}
