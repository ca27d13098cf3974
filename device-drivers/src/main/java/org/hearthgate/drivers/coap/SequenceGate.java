package org.hearthgate.drivers.coap;

/**
 * Decides which notifications carry a new reading, from the payload's {@code seq}. Within one observe relation only
 * a higher seq is new (a repeat is a heartbeat, a lower one a stale notification overtaken by a newer one). The
 * first response of a new relation is new if its seq differs from the last one seen: higher means readings taken
 * while the relation was down, lower means the sensor restarted and began counting again.
 *
 * <p>Not thread-safe: the owning link serialises calls.
 */
final class SequenceGate {
    private long last = -1;
    private boolean freshRelation = true;
    private long missed;

    /** A new observe relation begins; its first response is judged against the last seq, not dropped. */
    void newRelation() {
        freshRelation = true;
    }

    /** True when {@code seq} is a new reading that should become observations. */
    boolean admit(long seq) {
        boolean fresh = freshRelation;
        freshRelation = false;
        if (last < 0 || seq > last) {
            if (last >= 0 && seq > last + 1) {
                missed += seq - last - 1;
            }
            last = seq;
            return true;
        }
        if (fresh && seq < last) {
            last = seq;
            return true;
        }
        return false;
    }

    /** Readings skipped by the sensor's numbering: coalesced notifications or readings taken while unobserved. */
    long missed() {
        return missed;
    }
}
