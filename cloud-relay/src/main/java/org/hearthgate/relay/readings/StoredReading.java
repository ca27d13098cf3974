package org.hearthgate.relay.readings;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.BloodGlucose;
import org.hearthgate.contract.obs.BloodPressure;
import org.hearthgate.contract.obs.BodyTemperature;
import org.hearthgate.contract.obs.BodyWeight;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.Hazard;
import org.hearthgate.contract.obs.HeartRate;
import org.hearthgate.contract.obs.MainsPower;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.OxygenSaturation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.PullCord;
import org.hearthgate.contract.obs.RoomTemperature;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.WireTypes;

/**
 * One reading as the time-series store keeps it: who and where (tenant, hub, resident, device), what ({@code type},
 * the wire name of the observation kind, e.g. {@code bloodPressure}), when (the device's measurement time, the hub's
 * and the relay's receive times) and its values in one canonical unit per type (docs/readings-schema.md), so a trend
 * never averages kPa with mm[Hg].
 *
 * @param values   numeric fields, e.g. systolic/diastolic for blood pressure, {@code value} for the others
 * @param labels   text fields that say where or what (a room, a device state); never used in trends
 * @param unit     the UCUM unit of the main values (see {@link #unitOf(String)})
 * @param hubReceivedAt when the hub got it from the device; null when the hub did not say
 */
public record StoredReading(String tenant, String hub, String resident, String device, String type, Instant at,
        Instant hubReceivedAt, Instant receivedAt, Map<String, Double> values, Map<String, String> labels,
        String unit) {

    public StoredReading {
        Require.present(tenant, "tenant");
        Require.present(hub, "hub");
        Require.present(resident, "resident");
        Require.present(device, "device");
        Require.present(type, "type");
        Require.present(at, "at");
        Require.present(receivedAt, "receivedAt");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values: a reading needs at least one value");
        }
        values.forEach((k, v) -> Require.finite(v, k));
    }

    /** The numeric fields a type may carry, in the order trends list them. */
    public static List<String> fieldsOf(String type) {
        return switch (type) {
            case "bloodPressure" -> List.of("systolic", "diastolic", "mean", "pulse");
            case "spo2" -> List.of("value", "pulse", "perfusion_index");
            case "bodyWeight" -> List.of("value", "height", "bmi");
            default -> List.of("value");
        };
    }

    /** The canonical unit of a type's main values (UCUM). */
    public static String unitOf(String type) {
        return switch (type) {
            case "bloodPressure" -> "mm[Hg]";
            case "heartRate" -> "/min";
            case "spo2", "batteryLevel" -> "%";
            case "bodyTemperature", "roomTemperature" -> "Cel";
            case "bodyWeight" -> "kg";
            case "bloodGlucose" -> "mmol/L";
            case "fallDetected" -> "1"; // the detector's confidence, 0..1
            default -> "1"; // 1 = detected / open / on; 0 = not
        };
    }

    /** The wire name of an observation's kind, the measurement it is kept under. */
    public static String typeOf(Observation o) {
        return WireTypes.OBSERVATIONS.get(o.getClass());
    }

    /** A wire reading, bound to the tenant and hub of its topic, as the relay received it at {@code receivedAt}. */
    public static StoredReading of(TenantId tenant, HubId hub, Reading reading, Instant receivedAt) {
        Observation o = reading.observation();
        Map<String, Double> v = new LinkedHashMap<>();
        Map<String, String> l = new LinkedHashMap<>();
        switch (o) {
            case BloodPressure bp -> {
                v.put("systolic", bp.systolic().mmHg());
                v.put("diastolic", bp.diastolic().mmHg());
                put(v, "mean", bp.mean() == null ? null : bp.mean().mmHg());
                put(v, "pulse", bp.pulse() == null ? null : bp.pulse().value());
            }
            case HeartRate hr -> v.put("value", hr.rate().value());
            case OxygenSaturation s -> {
                v.put("value", s.spo2().value());
                put(v, "pulse", s.pulseRate() == null ? null : s.pulseRate().value());
                put(v, "perfusion_index", s.perfusionIndex());
            }
            case BodyTemperature t -> v.put("value", t.temperature().celsius());
            case BodyWeight w -> {
                v.put("value", w.weight().kilograms());
                put(v, "height", w.height() == null ? null : metres(w.height()));
                put(v, "bmi", w.bmi() == null ? null : w.bmi().value());
            }
            case BloodGlucose g -> v.put("value", g.concentration().mmolPerLitre());
            case RoomTemperature t -> {
                v.put("value", t.temperature().celsius());
                put(l, "location", t.room());
            }
            case BatteryLevel b -> v.put("value", b.level().value());
            case Motion m -> {
                v.put("value", flag(m.detected()));
                put(l, "location", m.room());
            }
            case Contact c -> {
                v.put("value", flag(c.open()));
                put(l, "location", c.location());
            }
            case Occupancy oc -> {
                v.put("value", flag(oc.occupied()));
                put(l, "location", oc.location());
                put(l, "place", oc.place() == null ? null : oc.place().name());
            }
            case MainsPower p -> v.put("value", flag(p.onMains()));
            case PendantPress p -> v.put("value", 1.0);
            case PullCord p -> {
                v.put("value", 1.0);
                put(l, "location", p.location());
            }
            case FallDetected f -> {
                v.put("value", f.confidence());
                put(l, "source", f.source() == null ? null : f.source().name());
            }
            case Hazard h -> {
                v.put("value", 1.0);
                put(l, "hazard", h.hazard() == null ? null : h.hazard().name());
                put(l, "location", h.location());
            }
            case DeviceStatus s -> {
                v.put("value", 1.0);
                put(l, "state", s.state() == null ? null : s.state().name());
            }
        }
        String type = typeOf(o);
        return new StoredReading(tenant.value(), hub.value(), reading.resident().value(), o.device().value(), type,
                o.at(), reading.receivedAt(), receivedAt, v, l, unitOf(type));
    }

    private static double metres(Quantity q) {
        return switch (q.unit()) {
            case IN -> q.value() * 0.0254;
            default -> q.value();
        };
    }

    private static double flag(boolean b) {
        return b ? 1.0 : 0.0;
    }

    private static <T> void put(Map<String, T> map, String key, T value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
