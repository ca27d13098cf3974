package org.hearthgate.contract.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The typed body of a {@link Message}. Each body travels on exactly one {@link Channel}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public sealed interface Payload permits Reading, AlarmRaised, AlarmUpdate, Event, Heartbeat, HubStatus, Receipt, Ack,
        ConfigUpdate, Command {

    @JsonIgnore
    Channel channel();
}
