package org.hearthgate.relay;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.Device;
import org.hearthgate.relay.directory.RegisteredHub;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.hearthgate.relay.fhir.Alarm;
import org.hearthgate.relay.fhir.Everything;
import org.hearthgate.relay.fhir.FhirData;
import org.hearthgate.relay.fhir.HomeDevice;
import org.hearthgate.relay.fhir.NhsNumberVerification;
import org.hearthgate.relay.fhir.Reading;
import org.hearthgate.relay.fhir.ReadingType;
import org.hearthgate.relay.fhir.Resident;
import org.hearthgate.relay.readings.InfluxReadingStore;
import org.hearthgate.relay.readings.StoredReading;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.RelayStore;

/**
 * One tenant's data as the FHIR face reads it: residents from the care directory, readings from the relay store's
 * readings table, hubs and their sensors as Devices ({@code <hub>} and {@code <hub>.<device>}, since device ids
 * repeat from hub to hub), open alarms as Flags. Ids FHIR cannot carry are simply not found.
 */
final class RelayFhirData implements FhirData {
    private static final int MAX_READINGS = 10_000;

    private final TenantId tenant;
    private final SqlCareDirectory directory;
    private final RelayStore store;
    private final Database db;
    /** Where readings are when InfluxDB holds them; null: the relay store's readings table. */
    private final InfluxReadingStore influx;
    private final WireCodec codec = new WireCodec();

    RelayFhirData(TenantId tenant, SqlCareDirectory directory, RelayStore store, Database db,
            InfluxReadingStore influx) {
        this.tenant = tenant;
        this.directory = directory;
        this.store = store;
        this.db = db;
        this.influx = influx;
    }

    @Override
    public Optional<Resident> resident(String residentId) {
        try {
            return directory.resident(tenant, ResidentId.of(residentId)).map(RelayFhirData::toFhir);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an id FHIR cannot carry, or a record it cannot express
        }
    }

    private static Resident toFhir(org.hearthgate.relay.directory.Resident r) {
        NhsNumberVerification verification = r.nhsNumber() == null ? null : java.util.Arrays.stream(
                NhsNumberVerification.values()).filter(v -> v.code().equals(r.nhsVerification())).findFirst()
                .orElse(NhsNumberVerification.NOT_TRACED);
        var a = r.address();
        return new Resident(r.id().value(), r.nhsNumber(), verification, new Resident.Name(null,
                r.givenName() == null ? List.of() : List.of(r.givenName()), r.familyName()), r.birthDate(), null,
                a == null ? null : new Resident.Address(a.lines() == null ? List.of() : a.lines(), a.town(), null,
                        a.postcode()), r.phone(), null); // the directory keeps the GP by name, FHIR wants an ODS code
    }

    @Override
    public List<Reading> readings(String residentId, Set<ReadingType> types, Instant from, Instant to) {
        if (influx != null) {
            return fromInflux(residentId, types, from, to);
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hub, message_id, kind, payload FROM readings "
                    + "WHERE tenant = ? AND resident = ? AND at >= ? AND at < ? ORDER BY at LIMIT ?")) {
                ps.setString(1, tenant.value());
                ps.setString(2, residentId);
                ps.setLong(3, from == null ? Long.MIN_VALUE : from.toEpochMilli());
                ps.setLong(4, to == null ? Long.MAX_VALUE : to.toEpochMilli());
                ps.setInt(5, MAX_READINGS);
                List<Reading> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Observation o = codec.decodeObservation(rs.getString(4));
                        String device = rs.getString(1) + "." + o.device().value();
                        try {
                            Reading.of(rs.getString(2), residentId, device, o, null)
                                    .filter(r -> types.isEmpty() || types.contains(r.type())).ifPresent(out::add);
                        } catch (IllegalArgumentException e) {
                            // an id FHIR cannot carry: left out rather than failing the whole search
                        }
                    }
                }
                return out;
            }
        });
    }

    /** Readings from InfluxDB: one query per vital-sign type, in its canonical unit. */
    private List<Reading> fromInflux(String residentId, Set<ReadingType> types, Instant from, Instant to) {
        List<Reading> out = new ArrayList<>();
        for (ReadingType type : ReadingType.values()) {
            if (!types.isEmpty() && !types.contains(type)) {
                continue;
            }
            String kind = org.hearthgate.contract.wire.WireTypes.OBSERVATIONS.get(type.kind());
            for (StoredReading p : influx.points(tenant, ResidentId.of(residentId), kind,
                    from == null ? Instant.EPOCH : from, to == null ? Instant.now().plusSeconds(86_400) : to,
                    MAX_READINGS)) {
                Ucum unit = Ucum.ofCode(p.unit());
                Reading.Value value = type == ReadingType.BLOOD_PRESSURE
                        ? new Reading.Pressure(Quantity.of(p.values().get("systolic"), unit),
                                Quantity.of(p.values().get("diastolic"), unit))
                        : new Reading.Single(Quantity.of(p.values().get("value"), unit));
                try {
                    // InfluxDB keeps one point per device and millisecond: that makes the reading's id.
                    out.add(new Reading(p.hub() + "." + p.device() + "." + p.at().toEpochMilli(), residentId,
                            p.hub() + "." + p.device(), type, p.at(), value, null));
                } catch (IllegalArgumentException | NullPointerException e) {
                    // a point FHIR cannot carry (an id out of FHIR's alphabet, a missing value): left out
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Reading::at));
        return out;
    }

    @Override
    public Optional<HomeDevice> device(String deviceId) {
        try {
            int dot = deviceId.indexOf('.');
            HubId hubId = HubId.of(dot < 0 ? deviceId : deviceId.substring(0, dot));
            Optional<RegisteredHub> hub = directory.hub(tenant, hubId);
            Optional<ResidentId> resident = directory.residentOfHub(tenant, hubId);
            if (hub.isEmpty() || resident.isEmpty()) {
                return Optional.empty();
            }
            if (dot < 0) {
                return Optional.of(gateway(hubId, resident.get()));
            }
            String local = deviceId.substring(dot + 1);
            return directory.devices(tenant, hubId).stream().filter(d -> d.id().value().equals(local)).findFirst()
                    .map(d -> sensor(d, resident.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static HomeDevice gateway(HubId hub, ResidentId resident) {
        return new HomeDevice(hub.value(), resident.value(), HomeDevice.Kind.GATEWAY, "Hearthgate", "home hub", null,
                null);
    }

    private static HomeDevice sensor(Device d, ResidentId resident) {
        return new HomeDevice(d.hub().value() + "." + d.id().value(), resident.value(), HomeDevice.Kind.SENSOR, null,
                d.model(), null, d.hub().value());
    }

    @Override
    public List<Alarm> openAlarms(String residentId) {
        List<Alarm> out = new ArrayList<>();
        ResidentId resident;
        try {
            resident = ResidentId.of(residentId);
        } catch (IllegalArgumentException e) {
            return out;
        }
        for (AlarmRecord a : store.alarms(new RelayStore.AlarmQuery(tenant, Set.of(resident), true, 5_000)).alarms()) {
            try {
                out.add(new Alarm(a.id().value(), residentId, a.code(), a.priority(), a.state(), a.raisedAt(),
                        a.summary()));
            } catch (IllegalArgumentException e) {
                // an alarm id FHIR cannot carry
            }
        }
        return out;
    }

    @Override
    public Optional<Everything> everything(String residentId) {
        return resident(residentId).map(r -> {
            List<HomeDevice> devices = new ArrayList<>();
            for (RegisteredHub h : directory.hubs(tenant)) {
                if (directory.residentOfHub(tenant, h.id()).map(ResidentId::value).filter(residentId::equals)
                        .isPresent()) {
                    devices.add(gateway(h.id(), ResidentId.of(residentId)));
                    directory.devices(tenant, h.id()).forEach(d -> devices.add(sensor(d, ResidentId.of(residentId))));
                }
            }
            return new Everything(r, devices, readings(residentId, Set.of(), null, null), openAlarms(residentId));
        });
    }
}
