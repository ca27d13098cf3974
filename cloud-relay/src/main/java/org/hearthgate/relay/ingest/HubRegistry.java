package org.hearthgate.relay.ingest;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.store.RelayStore;

/**
 * Which hubs the relay takes messages from. The store is the truth (so every relay instance agrees); this keeps the
 * confirmed set in memory for the ingest path and refreshes it when told or every few seconds. A hub that is not
 * confirmed is noted as pending, for an admin to confirm, and its messages are dead letters: never an alarm, never a
 * phantom hub.
 */
public final class HubRegistry {
    private final RelayStore store;
    private final Clock clock;
    private volatile Set<String> confirmed = Set.of();
    private final Set<String> notedPending = ConcurrentHashMap.newKeySet();

    public HubRegistry(RelayStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        refresh();
    }

    public boolean isRegistered(TenantId tenant, HubId hub) {
        return confirmed.contains(key(tenant.value(), hub.value()));
    }

    /** Confirms a hub (configuration, an admin, the demo). */
    public void register(TenantId tenant, HubId hub) {
        store.register(tenant, hub.value(), clock.instant());
        refresh();
    }

    /** Confirms many hubs at once (the configuration's list): one transaction, one refresh. */
    public void registerAll(java.util.Map<TenantId, java.util.List<HubId>> hubs) {
        store.registerAll(hubs, clock.instant());
        refresh();
    }

    /** Remembers that an unknown hub spoke, once per hub per process (the store keeps it bounded). */
    void notePending(TenantId tenant, HubId hub) {
        String k = key(tenant.value(), hub.value());
        if (notedPending.size() < 10_000 && notedPending.add(k)) {
            store.notePending(tenant, hub.value(), clock.instant());
        }
    }

    public void refresh() {
        Set<String> now = ConcurrentHashMap.newKeySet();
        for (RelayStore.Registered r : store.registrations()) {
            if (r.state() == RelayStore.Registration.CONFIRMED) {
                now.add(key(r.tenant(), r.hub()));
            }
        }
        confirmed = now;
        notedPending.removeAll(now);
    }

    private static String key(String tenant, String hub) {
        return tenant + "/" + hub;
    }
}
