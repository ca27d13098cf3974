package org.hearthgate.relay.notify;

import java.util.EnumMap;
import java.util.Map;
import org.hearthgate.contract.alarm.EventCode;

/**
 * An event in the social-alarm vocabulary of SCAIP (SS 91100) / CLC/TS 50134-9, as an alarm receiving centre's
 * bridge reads it: the {@code stc} status code and its description, the {@code dty} device type and its
 * description, and the {@code pri} priority (1 = highest). The codes come from {@link EventCode} (reference
 * anchors A.2, from open SCAIP implementations; to be confirmed against a real receiver); this class adds the words.
 *
 * @param code              our own event code, for receivers that know it
 * @param status            SCAIP {@code stc}
 * @param statusText        what {@code stc} means
 * @param deviceType        SCAIP {@code dty}
 * @param deviceText        what {@code dty} means
 * @param alarm             true when a person must act (SCAIP message type {@code ME}), false for information
 *                          ({@code IN})
 */
public record ScaipEvent(String code, String status, String statusText, String deviceType, String deviceText,
        boolean alarm) {

    /** SCAIP {@code stc} status codes we use, with their meaning. */
    private static final Map<String, String> STATUS = Map.ofEntries(
            Map.entry("0009", "Automatic alarm"),
            Map.entry("0010", "Manual alarm"),
            Map.entry("0016", "Battery low"),
            Map.entry("0023", "IP link fail"),
            Map.entry("0026", "Primary link fail"),
            Map.entry("0027", "Redundant link fail"),
            Map.entry("0085", "Power fail"),
            Map.entry("0086", "Power restored"),
            Map.entry("0092", "Reset"),
            Map.entry("0102", "Test transmission"),
            Map.entry("0112", "IP link restored"),
            Map.entry("0115", "Primary link restored"),
            Map.entry("0116", "Redundant link restored"),
            Map.entry("0123", "Radio test transmission missing"),
            Map.entry("0124", "Radio test transmission restored"));

    /** SCAIP {@code dty} device types we use; 0000 is "not a particular device" (the hub, the system). */
    private static final Map<String, String> DEVICE = Map.ofEntries(
            Map.entry("0000", "Unspecified"),
            Map.entry("0003", "Personal trigger"),
            Map.entry("0005", "Fall detector"),
            Map.entry("0010", "Activity sensor"),
            Map.entry("0012", "Bed sensor"),
            Map.entry("0014", "Door sensor"),
            Map.entry("0015", "Wandering sensor"),
            Map.entry("0019", "Heart-rate monitor"),
            Map.entry("0023", "Smoke detector"),
            Map.entry("0030", "Man-down sensor"),
            Map.entry("0041", "Power supply"));

    /** The one table: every event code as a receiving centre sees it. A missing description fails at start-up. */
    private static final Map<EventCode, ScaipEvent> TABLE = new EnumMap<>(EventCode.class);

    static {
        for (EventCode c : EventCode.values()) {
            String statusText = STATUS.get(c.scaipStatus());
            String deviceText = DEVICE.get(c.scaipDeviceType());
            if (statusText == null || deviceText == null) {
                throw new ExceptionInInitializerError("no SCAIP description for " + c + " (stc " + c.scaipStatus()
                        + ", dty " + c.scaipDeviceType() + ")");
            }
            TABLE.put(c, new ScaipEvent(c.name(), c.scaipStatus(), statusText, c.scaipDeviceType(), deviceText,
                    c.isAlarm()));
        }
    }

    public static ScaipEvent of(EventCode code) {
        return TABLE.get(code);
    }

    /** SCAIP message type: {@code ME} (an alarm message) or {@code IN} (information). */
    public String messageType() {
        return alarm ? "ME" : "IN";
    }
}
