package org.hearthgate.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The unique id of one wire message; consumers use it to stay idempotent. */
public record MessageId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public MessageId {
        Ids.check(value, "message");
    }

    public static MessageId of(String value) {
        return new MessageId(value);
    }

    /** A fresh random id. */
    public static MessageId random() {
        return new MessageId(java.util.UUID.randomUUID().toString());
    }

    /**
     * The id of the message that raises {@code alarm}: a name-based UUID of tenant, hub and alarm, so every copy of
     * that alarm (over MQTT, by SMS, resent after a restart) has the same id and the cloud stores it once.
     */
    public static MessageId forAlarm(TenantId tenant, HubId hub, AlarmId alarm) {
        String name = "hearthgate/alarm-raised/" + tenant.value() + "/" + hub.value() + "/" + alarm.value();
        return new MessageId(java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
