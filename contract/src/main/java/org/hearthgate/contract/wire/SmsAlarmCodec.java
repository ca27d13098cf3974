package org.hearthgate.contract.wire;

import java.time.Instant;
import java.util.regex.Pattern;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;

/**
 * The compact text form of an alarm for the hub's SMS fallback path, one SMS long (at most 160 GSM-7 characters):
 * <pre>HG1 &lt;tenant&gt; &lt;hub&gt; &lt;alarmId&gt; &lt;EVENT_CODE&gt; &lt;priority&gt; &lt;epochSeconds&gt; &lt;resident&gt;</pre>
 * for example {@code HG1 acme-telecare hub-0001 3f1c2a9e-5b7d-4e21-9a0f-2c8d1e6b7a44 PERSONAL_TRIGGER 1 1796200000
 * res-7f3a}. {@code priority} is the SCAIP {@code pri} (1 = critical .. 5 = info), {@code epochSeconds} the time of
 * the alarm (UTC). Ids use only {@code A-Z a-z 0-9 . _ : -}, which GSM-7 carries one character each.
 * <p>
 * Decoding gives a normal {@link Message} with an {@link AlarmRaised} body whose message id is
 * {@link MessageId#forAlarm}, the same id the hub gives the MQTT copy, so the cloud's idempotent store keeps one.
 * The SMS form carries no device, trigger or free text: the decoded alarm has a fixed summary and dedup key.
 */
public final class SmsAlarmCodec {
    /** The marker and version of the format; a future incompatible form is HG2. */
    public static final String PREFIX = "HG1";
    /** One SMS in the GSM 7-bit default alphabet. */
    public static final int MAX_LENGTH = 160;
    /** The dedup key of an alarm that arrived by SMS (the text does not carry the hub's own key). */
    public static final String DEDUP_KEY = "sms";

    private static final int FIELDS = 8;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,12}");
    /** The longest alarm id the hub mints (a UUID): used to check at start-up that every alarm fits. */
    private static final String LONGEST_MINTED_ALARM_ID = "00000000-0000-0000-0000-000000000000";

    private SmsAlarmCodec() {
    }

    /** An alarm decoded from a text: the tenant it belongs to and the message to ingest. */
    public record Decoded(TenantId tenant, Message message) {
        public Decoded {
            if (tenant == null || message == null || !(message.body() instanceof AlarmRaised)) {
                throw new IllegalArgumentException("a decoded SMS holds a tenant and an AlarmRaised message");
            }
        }

        public AlarmRaised alarm() {
            return (AlarmRaised) message.body();
        }
    }

    /**
     * The text for {@code alarm}, raised by {@code hub} of {@code tenant} at {@code at} (sent as whole seconds).
     *
     * @throws IllegalArgumentException when the ids are too long for one SMS (see {@link #checkFits})
     */
    public static String encode(TenantId tenant, HubId hub, AlarmRaised alarm, Instant at) {
        String text = String.join(" ", PREFIX, tenant.value(), hub.value(), alarm.alarm().value(),
                alarm.code().name(), Integer.toString(alarm.priority().scaip()),
                Long.toString(Math.max(0, at.getEpochSecond())), alarm.resident().value());
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("sms: the alarm text is " + text.length() + " characters, longer than "
                    + MAX_LENGTH + " (shorten the tenant, hub or resident id)");
        }
        return text;
    }

    /** The text for an alarm message as the hub sends it over MQTT. */
    public static String encode(TenantId tenant, Message message) {
        if (!(message.body() instanceof AlarmRaised alarm)) {
            throw new IllegalArgumentException("sms: only an alarm goes by SMS, not " + message.channel());
        }
        return encode(tenant, message.hub(), alarm, message.at());
    }

    /**
     * Checks that every alarm this hub can raise fits one SMS: the longest event code, a UUID alarm id and a date in
     * the next centuries. Call it at start-up, so a bad configuration fails then rather than when an alarm needs it.
     *
     * @throws IllegalArgumentException naming the length when it does not fit
     */
    public static void checkFits(TenantId tenant, HubId hub, ResidentId resident) {
        EventCode longest = EventCode.values()[0];
        for (EventCode c : EventCode.values()) {
            longest = c.name().length() > longest.name().length() ? c : longest;
        }
        encode(tenant, hub, new AlarmRaised(AlarmId.of(LONGEST_MINTED_ALARM_ID), resident, longest, Priority.INFO,
                DEDUP_KEY, null, "check", null), Instant.ofEpochSecond(99_999_999_999L));
    }

    /**
     * Decodes a text as received (surrounding white space and runs of spaces are tolerated).
     *
     * @throws WireFormatException naming the field and the reason for any text that is not a valid HG1 alarm; the
     *                             message never echoes the text
     */
    public static Decoded decode(String text) {
        if (text == null) {
            throw new WireFormatException("sms", "is empty");
        }
        String trimmed = text.strip();
        if (trimmed.length() > MAX_LENGTH) {
            throw new WireFormatException("sms", "longer than " + MAX_LENGTH + " characters");
        }
        String[] f = trimmed.split("\\s+");
        if (!PREFIX.equals(f[0])) {
            throw new WireFormatException("sms", f[0].matches("HG[0-9]+") ? "version " + f[0] + " is not supported"
                    : "not a Hearthgate alarm text (it must start with " + PREFIX + ")");
        }
        if (f.length != FIELDS) {
            throw new WireFormatException("sms", "has " + f.length + " fields, expected " + FIELDS
                    + " (HG1 tenant hub alarm code priority epochSeconds resident)");
        }
        TenantId tenant = field("tenant", () -> TenantId.of(f[1]));
        HubId hub = field("hub", () -> HubId.of(f[2]));
        AlarmId alarm = field("alarm", () -> AlarmId.of(f[3]));
        EventCode code = field("code", () -> EventCode.valueOf(f[4]));
        Priority priority = priority(f[5]);
        Instant at = epochSeconds(f[6]);
        ResidentId resident = field("resident", () -> ResidentId.of(f[7]));
        AlarmRaised body = new AlarmRaised(alarm, resident, code, priority, DEDUP_KEY, null,
                code.name() + " alarm received by SMS", null);
        return new Decoded(tenant, new Message(Message.SCHEMA_VERSION, MessageId.forAlarm(tenant, hub, alarm), hub, 0,
                at, body));
    }

    private static Priority priority(String s) {
        for (Priority p : Priority.values()) {
            if (Integer.toString(p.scaip()).equals(s)) {
                return p;
            }
        }
        throw new WireFormatException("priority", "must be 1 (critical) to 5 (info)");
    }

    private static Instant epochSeconds(String s) {
        if (!DIGITS.matcher(s).matches()) {
            throw new WireFormatException("at", "must be whole seconds since 1970 (digits only)");
        }
        return Instant.ofEpochSecond(Long.parseLong(s));
    }

    private static <T> T field(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            if (name.equals("code")) {
                throw new WireFormatException(name, "unknown event code");
            }
            // The ids' own messages quote a shortened value, which is an id, never personal text.
            String reason = e.getMessage() == null ? "invalid" : e.getMessage();
            int colon = reason.indexOf(": ");
            throw new WireFormatException(name, colon >= 0 ? reason.substring(colon + 2) : reason);
        }
    }
}
