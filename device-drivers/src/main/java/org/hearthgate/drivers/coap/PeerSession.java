package org.hearthgate.drivers.coap;

import java.time.Instant;

/**
 * What the links to one sensor address (host and port) share: the hub's client keeps one DTLS session per peer, so
 * all resources of one sensor ride on it. A link that lost its relation resets that session before registering
 * again (a rebooted sensor forgot it and silently drops records sent under it), but only when nobody has reset it or
 * heard the sensor on it since the link's outage began. So one sensor reboot costs one handshake, not one per
 * resource, and a link never tears down a session that another link has just rebuilt or is still hearing on.
 */
final class PeerSession {
    private Instant lastHeard = Instant.MIN;
    private Instant lastReset = Instant.MIN;

    /** Some link heard the sensor on the current session. */
    synchronized void heard(Instant at) {
        if (at.isAfter(lastHeard)) {
            lastHeard = at;
        }
    }

    /**
     * Whether a link whose outage began at {@code outageSince} should reset the session now; if so, records the reset.
     */
    synchronized boolean claimReset(Instant outageSince, Instant now) {
        if (lastHeard.isBefore(outageSince) && lastReset.isBefore(outageSince)) {
            lastReset = now;
            return true;
        }
        return false;
    }
}
