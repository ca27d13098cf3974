package org.hearthgate.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One home hub. A hub may publish only under its own id. */
public record HubId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public HubId {
        Ids.check(value, "hub");
    }

    public static HubId of(String value) {
        return new HubId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
