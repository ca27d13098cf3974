package org.hearthgate.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A pseudonymous resident id. The hub never knows more; the NHS number lives in the cloud's directory. */
public record ResidentId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ResidentId {
        Ids.check(value, "resident");
    }

    public static ResidentId of(String value) {
        return new ResidentId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
