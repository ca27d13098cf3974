package org.hearthgate.relay.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the FHIR face reads from: the care directory (residents, devices) and the readings and alarm stores. Called
 * on Vert.x worker threads, so implementations may block; the caller has already checked access.
 */
public interface FhirData {

    Optional<Resident> resident(String residentId);

    /**
     * A resident's readings of the given types measured (device time) in {@code [from, to)}, oldest first.
     *
     * @param types empty for every type
     * @param from  null for no lower bound
     * @param to    null for no upper bound
     */
    List<Reading> readings(String residentId, Set<ReadingType> types, Instant from, Instant to);

    /** A device by its FHIR id ({@link HomeDevice#id()}). */
    Optional<HomeDevice> device(String deviceId);

    /** The resident's alarms that are not yet resolved or cancelled, newest first. */
    List<Alarm> openAlarms(String residentId);

    /** Everything on the resident for {@code $everything}; empty when there is no such resident. */
    Optional<Everything> everything(String residentId);
}
