package org.hearthgate.relay.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.SmsAlarmCodec;
import org.hearthgate.contract.wire.WireFormatException;

/**
 * Turns an inbound SMS callback into the alarm it carries: a hub's fallback text ({@link SmsAlarmCodec}, "HG1 …")
 * becomes the tenant and the {@link Message} to ingest, with the same message id as the alarm's MQTT copy, so the
 * idempotent store keeps one. Two callback shapes are understood:
 * <ul>
 * <li>GOV.UK Notify's received-text callback, JSON: {@code id}, {@code source_number}, {@code destination_number},
 * {@code message}, {@code date_received};</li>
 * <li>a generic HTTP SMS gateway: {@code from} and {@code text}, as a form ({@code x-www-form-urlencoded}) or JSON.</li>
 * </ul>
 * It only parses and validates. The caller must still check the bearer token, that the hub is registered under the
 * tenant, and (best) that {@link Alarm#sender()} is that hub's SIM number, since anyone can send a text. Every
 * failure is a {@link WireFormatException} naming the field, never echoing the text or the number (personal data).
 */
public final class InboundSms {
    /** Far more than any SMS callback; a bigger body is not one. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{3,20}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private InboundSms() {
    }

    /**
     * The alarm in one inbound text.
     *
     * @param tenant     the tenant the text names (not yet checked against the directory)
     * @param message    the decoded message, an {@code AlarmRaised}, as if from the hub's alarm topic
     * @param sender     the sending number in digits, with a leading {@code +} when the gateway gave one
     * @param providerId the gateway's own id for the text (Notify's {@code id}), or null
     */
    public record Alarm(TenantId tenant, Message message, String sender, String providerId) {
    }

    /**
     * Parses a callback by its content type: {@code application/json} (Notify's shape, or {@code from}/{@code text}),
     * or {@code application/x-www-form-urlencoded} ({@code from}/{@code text}).
     *
     * @throws WireFormatException for an unknown content type, a malformed body, or a text that is not an HG1 alarm
     */
    public static Alarm parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            JsonNode json = json(body);
            return json.has("source_number") || json.has("message") ? notify(json) : fields(json.path("from"),
                    json.path("text"), json.path("id"));
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return form(checked(body));
        }
        throw new WireFormatException("content-type", "must be application/json or application/x-www-form-urlencoded");
    }

    /** GOV.UK Notify's received-text callback (JSON). */
    public static Alarm fromNotify(byte[] body) {
        return notify(json(body));
    }

    /** A generic gateway's form body, {@code from=…&text=…} (URL-encoded). */
    public static Alarm fromForm(String body) {
        return form(body == null ? "" : body);
    }

    private static Alarm notify(JsonNode json) {
        return decode(text(json.path("source_number"), "source_number"), text(json.path("message"), "message"),
                optionalText(json.path("id"), "id"));
    }

    private static Alarm fields(JsonNode from, JsonNode text, JsonNode id) {
        return decode(text(from, "from"), text(text, "text"), optionalText(id, "id"));
    }

    private static Alarm form(String body) {
        if (body.length() > MAX_BODY_BYTES) {
            throw new WireFormatException("body", "larger than " + MAX_BODY_BYTES + " bytes");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = urlDecode(eq < 0 ? pair : pair.substring(0, eq), "body");
            String value = eq < 0 ? "" : urlDecode(pair.substring(eq + 1), key);
            if (fields.putIfAbsent(key, value) != null) {
                throw new WireFormatException(key, "given twice");
            }
        }
        String from = fields.get("from");
        String text = fields.get("text");
        if (from == null) {
            throw new WireFormatException("from", "is required");
        }
        if (text == null) {
            throw new WireFormatException("text", "is required");
        }
        String id = fields.get("id");
        if (id != null && id.length() > 128) {
            throw new WireFormatException("id", "longer than 128 characters");
        }
        return decode(from, text, id);
    }

    private static Alarm decode(String from, String text, String providerId) {
        String sender = from.replaceAll("[\\s()-]", "");
        if (sender.startsWith("00")) {
            sender = "+" + sender.substring(2);
        }
        if (!NUMBER.matcher(sender).matches()) {
            throw new WireFormatException("from", "is not a phone number");
        }
        SmsAlarmCodec.Decoded d = SmsAlarmCodec.decode(text);
        return new Alarm(d.tenant(), d.message(), sender, providerId);
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(checked(body));
            if (node == null || !node.isObject()) {
                throw new WireFormatException("$", "must be one JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new WireFormatException("$", "not valid JSON");
        }
    }

    private static String checked(byte[] body) {
        if (body == null || body.length == 0) {
            throw new WireFormatException("body", "is empty");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new WireFormatException("body", "larger than " + MAX_BODY_BYTES + " bytes");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            throw new WireFormatException(field, "is required");
        }
        if (!node.isTextual()) {
            throw new WireFormatException(field, "must be a string");
        }
        return node.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String s = text(node, field);
        if (s.length() > 128) {
            throw new WireFormatException(field, "longer than 128 characters");
        }
        return s;
    }

    private static String urlDecode(String s, String field) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(field, "bad URL encoding");
        }
    }
}
