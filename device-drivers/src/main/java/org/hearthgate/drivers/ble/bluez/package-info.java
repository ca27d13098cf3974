/**
 * The Linux {@link org.hearthgate.drivers.ble.GattTransport}: BlueZ over D-Bus through bluez-dbus. Deliberately
 * thin (lookups, calls, signal routing) because it cannot run without an adapter and a BlueZ daemon; everything
 * that decides anything lives in {@code org.hearthgate.drivers.ble} and is tested there.
 */
package org.hearthgate.drivers.ble.bluez;
