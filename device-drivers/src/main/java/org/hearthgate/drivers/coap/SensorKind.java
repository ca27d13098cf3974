package org.hearthgate.drivers.coap;

/** What a CoAP sensor resource reports, which decides the type of its payload's {@code value}. */
public enum SensorKind {
    /** {@code value}: boolean, true = motion seen. Becomes {@code Motion}. */
    MOTION,
    /** {@code value}: boolean, true = open. Becomes {@code Contact}. */
    DOOR,
    /** {@code value}: boolean, true = occupied. Becomes {@code Occupancy} (BED). */
    BED,
    /** {@code value}: number, degrees Celsius. Becomes {@code RoomTemperature}. */
    ROOM_TEMPERATURE
}
