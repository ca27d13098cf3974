/**
 * Device supervision for every driver: expected check-ins, "sensor missing"/"restored" and a daily "battery low",
 * raised as contract {@code Event}s by {@link org.hearthgate.drivers.supervision.Supervisor} on an injected clock.
 */
package org.hearthgate.drivers.supervision;
