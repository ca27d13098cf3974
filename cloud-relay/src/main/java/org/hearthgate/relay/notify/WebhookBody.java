package org.hearthgate.relay.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.hearthgate.contract.Require;
import org.hearthgate.relay.store.AlarmRecord;

/**
 * The body of an alarm webhook: the alarm in the social-alarm vocabulary ({@link ScaipEvent}) plus the least a
 * receiver needs to find the person in its own records, a pseudonymous resident id and a postcode district.
 * No names, no free text (the alarm's summary may carry words a hub wrote) and no NHS number: a receiving centre
 * that needs more asks our API with its own credentials. Version 1; receivers ignore fields they do not know.
 */
public final class WebhookBody {
    public static final int VERSION = 1;
    /** Outward code only ("SW1A", "M1", "EH12"): a district of thousands of homes, never a full postcode. */
    private static final Pattern DISTRICT = Pattern.compile("[A-Z]{1,2}[0-9][0-9A-Z]?");

    /** Who the alarm is about, minimally: our pseudonymous resident id and, optionally, the postcode district. */
    public record ResidentRef(String id, String postcodeDistrict) {
        public ResidentRef {
            Require.text(id, 128, "id");
            if (postcodeDistrict != null) {
                postcodeDistrict = postcodeDistrict.trim().toUpperCase(java.util.Locale.ROOT);
                if (!DISTRICT.matcher(postcodeDistrict).matches()) {
                    throw new IllegalArgumentException("postcodeDistrict: '" + postcodeDistrict
                            + "' is not a postcode district (the outward code only, like SW1A)");
                }
            }
        }
    }

    private WebhookBody() {
    }

    /**
     * The structured data for an {@link Outgoing} webhook message about {@code alarm}. {@code step} names the
     * escalation step that sent it (for the receiver's log), may be null.
     */
    public static Map<String, Object> of(AlarmRecord alarm, ResidentRef resident, String step, Instant sentAt) {
        Require.present(alarm, "alarm");
        Require.present(resident, "resident");
        ScaipEvent scaip = ScaipEvent.of(alarm.code());
        var event = new LinkedHashMap<String, Object>();
        event.put("code", scaip.code());
        event.put("mty", scaip.messageType());
        event.put("stc", scaip.status());
        event.put("stcText", scaip.statusText());
        event.put("dty", scaip.deviceType());
        event.put("dtyText", scaip.deviceText());
        event.put("pri", alarm.priority().scaip());

        var a = new LinkedHashMap<String, Object>();
        a.put("id", alarm.id().toString());
        a.put("tenant", alarm.tenant());
        a.put("hub", alarm.hub());
        a.put("priority", alarm.priority().name());
        a.put("state", alarm.state().name());
        putTime(a, "raisedAt", alarm.raisedAt());
        putTime(a, "receivedAt", alarm.receivedAt());
        putTime(a, "acknowledgedAt", alarm.acknowledgedAt());
        putTime(a, "closedAt", alarm.closedAt());

        var r = new LinkedHashMap<String, Object>();
        r.put("id", resident.id());
        if (resident.postcodeDistrict() != null) {
            r.put("postcodeDistrict", resident.postcodeDistrict());
        }

        var body = new LinkedHashMap<String, Object>();
        body.put("v", VERSION);
        body.put("type", "alarm");
        body.put("sentAt", sentAt.toString());
        if (step != null) {
            body.put("step", step);
        }
        body.put("event", event);
        body.put("alarm", a);
        body.put("resident", r);
        return body;
    }

    private static void putTime(Map<String, Object> into, String key, Instant at) {
        if (at != null) {
            into.put(key, at.toString());
        }
    }
}
