package org.hearthgate.relay.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hearthgate.contract.Require;

/**
 * The {@code notify:} block of the relay's configuration: which channels to people this relay has. Every part is
 * optional; {@link Notifiers#from} builds a notifier for each part given. Secrets (passwords, API keys, tokens,
 * webhook secrets) never appear in {@code toString()}, so a logged configuration cannot leak them.
 *
 * @param smtp     e-mail over SMTP
 * @param govUkNotify GOV.UK Notify, key {@code notify:} (SMS, and e-mail when {@code emailTemplateId} is given)
 * @param httpSms  a generic HTTPS SMS gateway, used for SMS when Notify is not configured
 * @param webhooks signed webhooks (alarm receiving centres and other systems)
 */
public record NotifyConfig(Smtp smtp, @JsonProperty("notify") Notify govUkNotify, HttpSms httpSms,
        List<Webhook> webhooks) {
    static final String REDACTED = "***";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public NotifyConfig {
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        var names = new HashSet<String>();
        var urls = new HashSet<String>();
        for (Webhook w : webhooks) {
            Require.present(w, "webhooks[]");
            if (!names.add(w.name())) {
                throw new IllegalArgumentException("webhooks: the name '" + w.name() + "' is used twice");
            }
            if (!urls.add(w.url())) {
                throw new IllegalArgumentException("webhooks: the url of '" + w.name() + "' is used twice");
            }
        }
    }

    /** How the SMTP connection is protected: {@code TLS} from the first byte (port 465), or {@code STARTTLS}. */
    public enum Security { NONE, STARTTLS, TLS }

    /**
     * An SMTP server. {@code security} defaults to STARTTLS, which is then required (never a silent fall-back to
     * plain text); NONE is accepted only for a server on this machine (a local MTA). {@code timeoutSeconds} bounds
     * connecting, each read and each write (default 20).
     */
    public record Smtp(String host, Integer port, Security security, String username, String password, String from,
            Integer timeoutSeconds) {
        public Smtp {
            Require.text(host, 253, "host");
            security = security == null ? Security.STARTTLS : security;
            port = port == null ? (security == Security.TLS ? 465 : 587) : port;
            Require.between(port, 1, 65_535, "port");
            timeoutSeconds = timeoutSeconds == null ? 20 : timeoutSeconds;
            Require.between(timeoutSeconds, 1, 300, "timeoutSeconds");
            Require.text(from, 254, "from");
            if (!from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
                throw new IllegalArgumentException("from: '" + from + "' is not a plain e-mail address");
            }
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException((username == null ? "username" : "password")
                        + ": give both username and password, or neither");
            }
            if (security == Security.NONE && !isLoopback(host)) {
                throw new IllegalArgumentException("security: NONE sends messages in clear text; it is allowed only"
                        + " for a server on this machine, not " + host);
            }
        }

        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                    + ", password=" + (password == null ? null : REDACTED) + ", from=" + from + ", timeoutSeconds="
                    + timeoutSeconds + "]";
        }
    }

    /**
     * GOV.UK Notify. {@code apiKey} as Notify issues it ({@code {key_name}-{service_id}-{secret}}); {@code baseUrl}
     * defaults to the live API. The templates must be a single {@code ((message))} placeholder (e-mail: subject
     * {@code ((subject))}, body {@code ((message))}), because the escalation engine writes the words.
     * {@code callbackToken}: the bearer token set on the service's delivery-receipt callback in Notify's settings
     * (at least 10 characters, as Notify requires); with it the relay takes receipts at {@code POST /notify/receipts}.
     */
    public record Notify(String apiKey, String baseUrl, String smsTemplateId, String emailTemplateId,
            Integer timeoutSeconds, String callbackToken) {
        public static final String LIVE_BASE_URL = "https://api.notifications.service.gov.uk";

        public Notify {
            Require.present(apiKey, "apiKey");
            if (apiKey.length() < 75 || apiKey.charAt(apiKey.length() - 74) != '-'
                    || !UUID_TEXT.matcher(apiKey.substring(apiKey.length() - 73, apiKey.length() - 37)).matches()
                    || apiKey.charAt(apiKey.length() - 37) != '-'
                    || !UUID_TEXT.matcher(apiKey.substring(apiKey.length() - 36)).matches()) {
                // never echo the key: it is a secret
                throw new IllegalArgumentException("apiKey: not a GOV.UK Notify API key"
                        + " ({key_name}-{service_id}-{secret id}, as Notify shows it once)");
            }
            baseUrl = baseUrl == null ? LIVE_BASE_URL : baseUrl.replaceAll("/+$", "");
            requireHttps(baseUrl, "baseUrl");
            if (smsTemplateId == null && emailTemplateId == null) {
                throw new IllegalArgumentException("smsTemplateId: give smsTemplateId, emailTemplateId or both");
            }
            requireUuid(smsTemplateId, "smsTemplateId");
            requireUuid(emailTemplateId, "emailTemplateId");
            timeoutSeconds = timeoutSeconds == null ? 20 : timeoutSeconds;
            Require.between(timeoutSeconds, 1, 300, "timeoutSeconds");
            if (callbackToken != null && (callbackToken.isBlank() || callbackToken.length() < 10)) {
                throw new IllegalArgumentException("callbackToken: at least 10 characters, as Notify requires");
            }
        }

        public Notify(String apiKey, String baseUrl, String smsTemplateId, String emailTemplateId,
                Integer timeoutSeconds) {
            this(apiKey, baseUrl, smsTemplateId, emailTemplateId, timeoutSeconds, null);
        }

        /** The service id inside the API key: the JWT's issuer. */
        public String serviceId() {
            return apiKey.substring(apiKey.length() - 73, apiKey.length() - 37);
        }

        @Override
        public String toString() {
            return "Notify[apiKey=" + REDACTED + ", baseUrl=" + baseUrl + ", smsTemplateId=" + smsTemplateId
                    + ", emailTemplateId=" + emailTemplateId + ", timeoutSeconds=" + timeoutSeconds
                    + ", callbackToken=" + (callbackToken == null ? null : REDACTED) + "]";
        }
    }

    /** A generic HTTPS SMS gateway: POST {to, text, reference} as JSON with {@code Authorization: Bearer token}. */
    public record HttpSms(String url, String token, Integer timeoutSeconds) {
        public HttpSms {
            requireHttps(url, "url");
            Require.present(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("token: is blank");
            }
            timeoutSeconds = timeoutSeconds == null ? 20 : timeoutSeconds;
            Require.between(timeoutSeconds, 1, 300, "timeoutSeconds");
        }

        @Override
        public String toString() {
            return "HttpSms[url=" + url + ", token=" + REDACTED + ", timeoutSeconds=" + timeoutSeconds + "]";
        }
    }

    /**
     * A receiver of signed webhooks. Messages go only to configured URLs (a webhook address in a policy must be one
     * of these), each signed with its own {@code secret} (at least 32 characters).
     */
    public record Webhook(String name, String url, String secret, Integer timeoutSeconds) {
        public Webhook {
            Require.text(name, 64, "name");
            requireHttps(url, "url");
            Require.present(secret, "secret");
            if (secret.length() < 32) {
                throw new IllegalArgumentException("secret: use a random secret of at least 32 characters");
            }
            timeoutSeconds = timeoutSeconds == null ? 20 : timeoutSeconds;
            Require.between(timeoutSeconds, 1, 300, "timeoutSeconds");
        }

        @Override
        public String toString() {
            return "Webhook[name=" + name + ", url=" + url + ", secret=" + REDACTED + ", timeoutSeconds="
                    + timeoutSeconds + "]";
        }
    }

    /** https:// anywhere; plain http:// only to this machine (a local gateway, a test). */
    static void requireHttps(String url, String field) {
        Require.present(url, field);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": '" + url + "' is not a URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(field + ": '" + url + "' has no host");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean localHttp = "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost());
        if (!https && !localHttp) {
            throw new IllegalArgumentException(field + ": '" + url + "' must be https:// (http:// only to this"
                    + " machine)");
        }
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    private static void requireUuid(String value, String field) {
        if (value != null && !UUID_TEXT.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a template id (a UUID)");
        }
        if (value != null) {
            UUID.fromString(value);
        }
    }
}
