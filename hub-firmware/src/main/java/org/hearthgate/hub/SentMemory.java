package org.hearthgate.hub;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.MessageId;

/**
 * What this hub raised and what the cloud already confirmed, so that a down message about anything else (an ack for
 * an alarm raised elsewhere, a receipt for messages never sent) is refused instead of being announced to the
 * resident. Bounded: the oldest entries go first, so memory stays flat on a hub that runs for years.
 *
 * <p>Known limit: the memory starts from the outbox after a restart, so an acknowledgement for an alarm whose receipt
 * came before the restart is refused (counted and logged); the alarm itself is safe in the cloud either way.
 */
final class SentMemory {
    static final int ALARMS = 4_096;
    static final int CONFIRMED = 8_192;

    private final Set<AlarmId> alarms = bounded(ALARMS);
    /** A receipt may come twice (the hub re-sent before the first arrived): the second is not an intruder. */
    private final Set<MessageId> confirmed = bounded(CONFIRMED);

    synchronized void raised(AlarmId alarm) {
        alarms.add(alarm);
    }

    synchronized boolean knows(AlarmId alarm) {
        return alarms.contains(alarm);
    }

    synchronized void confirmed(Collection<MessageId> ids) {
        confirmed.addAll(ids);
    }

    synchronized boolean confirmedAny(Collection<MessageId> ids) {
        return ids.stream().anyMatch(confirmed::contains);
    }

    private static <T> Set<T> bounded(int max) {
        return Collections.newSetFromMap(new LinkedHashMap<T, Boolean>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<T, Boolean> eldest) {
                return size() > max;
            }
        });
    }
}
