package org.hearthgate.relay.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.Resident;

/**
 * A resident's name and town for the queue, and a hub's resident, asked of the directory once per resident and kept
 * briefly: a queue of 500 alarms redrawn on every live event must not read the directory 500 times. Callers ask only
 * about residents the caller may see; this class does not decide that.
 */
final class ResidentLabels {
    /** What a queue row shows about a resident. */
    record Label(String name, String town) {
    }

    /** Beyond this many entries the cache starts again (10,000 residents and their hubs fit). */
    private static final int MAX_ENTRIES = 50_000;

    private record Entry(Object value, Instant until) {
    }

    private final CareDirectory directory;
    private final Clock clock;
    private final Duration keep;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    ResidentLabels(CareDirectory directory, Clock clock, Duration keep) {
        this.directory = directory;
        this.clock = clock;
        this.keep = keep;
    }

    Optional<Label> of(TenantId tenant, ResidentId resident) {
        if (directory == null) {
            return Optional.empty();
        }
        return cached("r/" + tenant.value() + "/" + resident.value(), () -> directory.resident(tenant, resident)
                .map(ResidentLabels::label));
    }

    Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub) {
        if (directory == null) {
            return Optional.empty();
        }
        return cached("h/" + tenant.value() + "/" + hub.value(), () -> directory.residentOfHub(tenant, hub));
    }

    static Label label(Resident r) {
        String name = r.familyName() == null || r.familyName().isBlank() ? r.calledName()
                : r.calledName() + " " + r.familyName();
        return new Label(name, r.address() == null ? null : r.address().town());
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> cached(String key, Supplier<Optional<T>> load) {
        Instant now = clock.instant();
        Entry e = cache.get(key);
        if (e != null && now.isBefore(e.until())) {
            return (Optional<T>) e.value();
        }
        Optional<T> value = load.get();
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, new Entry(value, now.plus(keep)));
        return value;
    }
}
