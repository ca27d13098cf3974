package org.hearthgate.drivers.coap;

import java.net.InetAddress;
import java.time.Duration;
import org.hearthgate.contract.Require;

/**
 * How the hub keeps its observe relations alive.
 *
 * @param silenceGrace        a relation is lost when no notification arrives within the last response's Max-Age
 *                            plus this (sensors notify at least once per Max-Age, see docs)
 * @param registrationTimeout a registration without any response in this time is abandoned and retried
 * @param backoffInitial      the first wait before registering again after a loss; doubles per failed attempt
 * @param backoffMax          the longest wait between attempts (bounded so a sensor is back soon after it is)
 * @param statusRefresh       while notifications flow, DeviceStatus ONLINE is repeated this often so supervision
 *                            sees a check-in even from a sensor whose value never changes
 * @param checkPeriod         how often the watchdog looks at the relations
 * @param bindAddress         the local address for the hub's CoAP endpoints (the wildcard on a hub)
 */
public record CoapSettings(Duration silenceGrace, Duration registrationTimeout, Duration backoffInitial,
        Duration backoffMax, Duration statusRefresh, Duration checkPeriod, InetAddress bindAddress) {

    public CoapSettings {
        positive(silenceGrace, "silenceGrace");
        positive(registrationTimeout, "registrationTimeout");
        positive(backoffInitial, "backoffInitial");
        positive(backoffMax, "backoffMax");
        positive(statusRefresh, "statusRefresh");
        positive(checkPeriod, "checkPeriod");
        Require.present(bindAddress, "bindAddress");
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax: shorter than backoffInitial");
        }
    }

    /**
     * Hub defaults: 10 s grace past Max-Age (one CON retransmission round on a LAN), 15 s to register, backoff 1 s
     * doubling to 60 s, ONLINE reaffirmed hourly, watchdog every second, bound to all local addresses.
     */
    public static CoapSettings defaults() {
        return new CoapSettings(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(1), wildcard());
    }

    public CoapSettings withBindAddress(InetAddress address) {
        return new CoapSettings(silenceGrace, registrationTimeout, backoffInitial, backoffMax, statusRefresh,
                checkPeriod, address);
    }

    /** The wait before attempt {@code failures + 1}: initial × 2^failures, capped at the maximum. */
    Duration backoff(int failures) {
        Duration wait = backoffInitial;
        for (int i = 0; i < failures && wait.compareTo(backoffMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
    }

    private static void positive(Duration d, String field) {
        Require.present(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive");
        }
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
