package org.hearthgate.drivers.coap;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The liveness rules of one observe relation, as a state machine on clock time with no I/O, so the boundaries can
 * be tested exactly: silent past Max-Age plus grace means lost; a registration unanswered past its timeout means
 * lost; after a loss the next registration waits a doubling, bounded backoff; ONLINE is reported when a relation
 * begins and then at most once per status refresh; OFFLINE once per outage.
 *
 * <p>Not thread-safe: the owning link serialises calls.
 */
final class RelationWatch {
    /** RFC 7252 §5.10.5: Max-Age defaults to 60 s when the option is absent. */
    static final long DEFAULT_MAX_AGE_S = 60;

    enum State { WAITING, REGISTERING, OBSERVING, CLOSED }

    private final CoapSettings settings;
    private State state = State.WAITING;
    private Instant retryAt;
    private Instant attemptAt;
    private Instant lastHeard;
    private Instant lastOnline;
    private long maxAgeSeconds = DEFAULT_MAX_AGE_S;
    private int failures;
    private boolean offlineReported;
    private Instant outageSince;

    RelationWatch(CoapSettings settings, Instant now) {
        this.settings = settings;
        this.retryAt = now;
    }

    State state() {
        return state;
    }

    /** True when no relation exists and the backoff has run out: register now. */
    boolean dueToRegister(Instant now) {
        return state == State.WAITING && !now.isBefore(retryAt);
    }

    void registering(Instant now) {
        state = State.REGISTERING;
        attemptAt = now;
    }

    /** Why the relation counts as lost at {@code now}, if it does. */
    Optional<String> overdue(Instant now) {
        if (state == State.OBSERVING) {
            Instant deadline = lastHeard.plusSeconds(maxAgeSeconds).plus(settings.silenceGrace());
            if (now.isAfter(deadline)) {
                return Optional.of("no notification for " + Duration.between(lastHeard, now).toSeconds() + " s");
            }
        } else if (state == State.REGISTERING && now.isAfter(attemptAt.plus(settings.registrationTimeout()))) {
            return Optional.of("registration unanswered");
        }
        return Optional.empty();
    }

    /**
     * The relation is gone; the next registration is due after the backoff.
     *
     * @return true when this begins an outage (report OFFLINE), false while one continues
     */
    boolean lost(Instant now) {
        failures++;
        retryAt = now.plus(settings.backoff(failures - 1));
        state = State.WAITING;
        boolean first = !offlineReported;
        offlineReported = true;
        if (first) {
            outageSince = now;
        }
        return first;
    }

    /**
     * A response or notification arrived.
     *
     * @param maxAgeSeconds its Max-Age option, or null when absent
     * @param observing     whether it carries the Observe option (the relation stands)
     * @return true when ONLINE should be reported: the relation has just begun, or a status refresh is due
     */
    boolean heard(Instant now, Long maxAgeSeconds, boolean observing) {
        lastHeard = now;
        this.maxAgeSeconds = maxAgeSeconds == null ? DEFAULT_MAX_AGE_S : Math.max(1, maxAgeSeconds);
        if (!observing) {
            return false;
        }
        if (state != State.OBSERVING) {
            state = State.OBSERVING;
            failures = 0;
            offlineReported = false;
            outageSince = null;
            lastOnline = now;
            return true;
        }
        if (Duration.between(lastOnline, now).compareTo(settings.statusRefresh()) >= 0) {
            lastOnline = now;
            return true;
        }
        return false;
    }

    /** When the current outage began, or null while none has happened since the last relation. */
    Instant outageSince() {
        return outageSince;
    }

    Instant retryAt() {
        return retryAt;
    }

    void close() {
        state = State.CLOSED;
    }
}
