package org.hearthgate.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The id of one alarm, minted by the hub that raised it and stable across retries. */
public record AlarmId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public AlarmId {
        Ids.check(value, "alarm");
    }

    public static AlarmId of(String value) {
        return new AlarmId(value);
    }

    /** A fresh random id. */
    public static AlarmId random() {
        return new AlarmId(java.util.UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
