/**
 * Wired inputs and outputs on the hub's GPIO header through Pi4J 3: {@link org.hearthgate.drivers.gpio.GpioInputs}
 * turns debounced edges of pendant receivers, pull-cords, fall mats, PIRs, door contacts, pressure pads, hazard relays
 * and a UPS line into observations; {@link org.hearthgate.drivers.gpio.GpioAnnunciator} plays
 * {@link org.hearthgate.drivers.gpio.Cue}s on an LED and a sounder. See docs/devices.md for wiring.
 */
package org.hearthgate.drivers.gpio;
