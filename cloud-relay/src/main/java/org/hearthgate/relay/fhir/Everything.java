package org.hearthgate.relay.fhir;

import java.util.List;
import org.hearthgate.contract.Require;

/** All the FHIR face holds on one resident, for {@code Patient/$everything}. */
public record Everything(Resident resident, List<HomeDevice> devices, List<Reading> readings, List<Alarm> alarms) {
    public Everything {
        Require.present(resident, "resident");
        devices = List.copyOf(devices);
        readings = List.copyOf(readings);
        alarms = List.copyOf(alarms);
    }
}
