/**
 * Activity and room sensors on CoAP with Californium: {@link org.hearthgate.drivers.coap.CoapSensors} observes one
 * resource per {@link org.hearthgate.drivers.coap.CoapSensor}, plain or DTLS-PSK, keeps each observe relation alive
 * and reports the sensors' presence as {@code DeviceStatus}. The sensor payload and contract are described in
 * {@code SensorPayload} and docs/devices.md.
 */
package org.hearthgate.drivers.coap;
