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

    @Override
    public String toString() {
        return value;
    }
}
