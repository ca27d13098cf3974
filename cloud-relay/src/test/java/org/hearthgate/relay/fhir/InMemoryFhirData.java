package org.hearthgate.relay.fhir;

import io.vertx.core.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link FhirData} over lists, honouring the interface's filters; notes whether it was ever called on an event loop. */
final class InMemoryFhirData implements FhirData {
    final List<Resident> residents = new CopyOnWriteArrayList<>();
    final List<HomeDevice> devices = new CopyOnWriteArrayList<>();
    final List<Reading> readings = new CopyOnWriteArrayList<>();
    final List<Alarm> alarms = new CopyOnWriteArrayList<>();
    final List<String> calledOn = new CopyOnWriteArrayList<>();
    /** Set to play a buggy store whose open-alarm query also returns this other resident's alarms. */
    volatile String leakAlarmsOf;

    @Override
    public Optional<Resident> resident(String residentId) {
        note();
        return residents.stream().filter(r -> r.id().equals(residentId)).findFirst();
    }

    @Override
    public List<Reading> readings(String residentId, Set<ReadingType> types, Instant from, Instant to) {
        note();
        return readings.stream()
                .filter(r -> r.residentId().equals(residentId))
                .filter(r -> types.isEmpty() || types.contains(r.type()))
                .filter(r -> from == null || !r.at().isBefore(from))
                .filter(r -> to == null || r.at().isBefore(to))
                .sorted(Comparator.comparing(Reading::at))
                .toList();
    }

    @Override
    public Optional<HomeDevice> device(String deviceId) {
        note();
        return devices.stream().filter(d -> d.id().equals(deviceId)).findFirst();
    }

    @Override
    public List<Alarm> openAlarms(String residentId) {
        note();
        return alarms.stream().filter(a -> (a.residentId().equals(residentId) || a.residentId().equals(leakAlarmsOf))
                        && a.state().isOpen())
                .sorted(Comparator.comparing(Alarm::raisedAt).reversed()).toList();
    }

    @Override
    public Optional<Everything> everything(String residentId) {
        note();
        return resident(residentId).map(r -> new Everything(r,
                devices.stream().filter(d -> d.residentId().equals(residentId)).toList(),
                readings(residentId, Set.of(), null, null),
                new ArrayList<>(alarms.stream().filter(a -> a.residentId().equals(residentId)).toList())));
    }

    private void note() {
        calledOn.add(Context.isOnEventLoopThread() ? "event-loop" : Context.isOnWorkerThread() ? "worker" : "other");
    }
}
