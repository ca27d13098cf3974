package org.hearthgate.drivers.coap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.Quantity;
import org.hearthgate.contract.Ucum;
import org.hearthgate.contract.obs.BatteryLevel;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.Place;
import org.hearthgate.contract.obs.RoomTemperature;

/**
 * The body of a sensor's notification (Content-Format application/json, 50), for example
 * {@code {"seq":42,"value":true,"battery":87,"at":1763798400000}}.
 *
 * <ul>
 *   <li>{@code seq}: required, 0..2^53; the sensor adds one for every new reading and repeats it in heartbeat
 *       notifications. CON notifications may be coalesced to the latest (reference/tech.md §6), so the hub uses it
 *       to drop stale or repeated notifications and to see how many readings it missed.</li>
 *   <li>{@code value}: required; boolean for MOTION, DOOR, BED; a number in degrees Celsius for
 *       ROOM_TEMPERATURE.</li>
 *   <li>{@code battery}: optional percentage 0..100.</li>
 *   <li>{@code at}: optional measurement time, Unix epoch milliseconds, when the sensor has a synchronised clock.</li>
 * </ul>
 * Unknown fields are ignored, as on the wire contract.
 */
record SensorPayload(long seq, JsonNode value, Double battery, Instant at) {
    static final int MAX_BYTES = 512;
    /** The largest integer a JSON number carries exactly. */
    private static final long MAX_SEQ = (1L << 53);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws IllegalArgumentException naming the field, for anything that is not a valid payload */
    static SensorPayload parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException("payload: is empty");
        }
        if (body.length > MAX_BYTES) {
            throw new IllegalArgumentException("payload: longer than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("payload: is not JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("payload: is not a JSON object");
        }
        JsonNode seq = root.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0
                || seq.asLong() > MAX_SEQ) {
            throw new IllegalArgumentException("seq: must be an integer 0.." + MAX_SEQ);
        }
        JsonNode value = root.get("value");
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("value: is required");
        }
        Double battery = null;
        JsonNode b = root.get("battery");
        if (b != null && !b.isNull()) {
            if (!b.isNumber() || b.asDouble() < 0 || b.asDouble() > 100) {
                throw new IllegalArgumentException("battery: must be a number 0..100");
            }
            battery = b.asDouble();
        }
        Instant at = null;
        JsonNode t = root.get("at");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToLong() || t.asLong() <= 0) {
                throw new IllegalArgumentException("at: must be epoch milliseconds");
            }
            at = Instant.ofEpochMilli(t.asLong());
        }
        return new SensorPayload(seq.asLong(), value, battery, at);
    }

    /** The observations this payload means for {@code sensor}, measured at {@code at}. */
    List<Observation> observations(CoapSensor sensor, Instant at) {
        var device = sensor.device();
        var location = sensor.location();
        List<Observation> out = new ArrayList<>(2);
        out.add(switch (sensor.kind()) {
            case MOTION -> new Motion(device, at, location, bool());
            case DOOR -> new Contact(device, at, location, bool());
            case BED -> new Occupancy(device, at, Place.BED, location, bool());
            case ROOM_TEMPERATURE -> new RoomTemperature(device, at, Quantity.of(number(), Ucum.CEL), location);
        });
        if (battery != null) {
            out.add(new BatteryLevel(device, at, Quantity.of(battery, Ucum.PERCENT)));
        }
        return out;
    }

    private boolean bool() {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("value: must be true or false");
        }
        return value.booleanValue();
    }

    private double number() {
        if (!value.isNumber()) {
            throw new IllegalArgumentException("value: must be a number (degrees Celsius)");
        }
        return value.doubleValue();
    }
}
