package org.hearthgate.relay.careplans;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.relay.LiveFeed;
import org.hearthgate.relay.store.RelayStore;

/**
 * Learns from the stored message stream which care plan each hub runs ({@code Ingest.onStored}): the hub's
 * {@code REMOTE_INSTRUCTION} events "config applied: carePlan &lt;digest&gt;" and "config refused: carePlan &lt;12
 * hex&gt;: &lt;reason&gt;" answer pushes, and every heartbeat names the digest it runs (which also confirms a push
 * whose event was lost). Idempotent (only pending pushes change, a report is kept only when it differs) and cheap:
 * a heartbeat costs a write only when its hub's digest changed, or once every {@link #REFRESH} otherwise, so several
 * relays sharing the stream cannot leave a stale report behind for longer than that.
 */
public final class HubConfirmations implements Consumer<List<RelayStore.Inbound>> {
    static final Pattern APPLIED = Pattern.compile("config applied: carePlan ([0-9a-f]{64})\\b.*");
    static final Pattern REFUSED = Pattern.compile("config refused: carePlan ([0-9a-f]{12}): (.*)", Pattern.DOTALL);
    static final Duration REFRESH = Duration.ofMinutes(10);

    private record Known(String digest, Instant at) {
    }

    private final CarePlanStore store;
    private final LiveFeed feed;
    /** The digest last kept per "tenant/hub", and when: heartbeats that repeat it cost nothing. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public HubConfirmations(CarePlanStore store, LiveFeed feed) {
        this.store = store;
        this.feed = feed;
    }

    @Override
    public void accept(List<RelayStore.Inbound> batch) {
        // The last heartbeat per hub of this batch is all that matters for reports.
        Map<String, RelayStore.Inbound> heartbeats = new LinkedHashMap<>();
        for (RelayStore.Inbound in : batch) {
            switch (in.message().body()) {
                case Event e when e.code() == EventCode.REMOTE_INSTRUCTION && e.detail() != null ->
                        answer(in.tenant(), in.message().hub(), e.detail(), in.receivedAt());
                case Heartbeat h when h.carePlan() != null ->
                        heartbeats.put(in.tenant().value() + "/" + in.message().hub().value(), in);
                default -> {
                }
            }
        }
        for (RelayStore.Inbound in : heartbeats.values()) {
            reported(in.tenant(), in.message().hub(), ((Heartbeat) in.message().body()).carePlan(), in.receivedAt());
        }
    }

    private void answer(TenantId tenant, HubId hub, String detail, Instant at) {
        Matcher applied = APPLIED.matcher(detail);
        if (applied.matches()) {
            tell("careplan.applied", tenant, store.applied(tenant, hub, applied.group(1), at));
            return;
        }
        Matcher refused = REFUSED.matcher(detail);
        if (refused.matches()) {
            tell("careplan.refused", tenant, store.refused(tenant, hub, refused.group(1), refused.group(2), at));
        }
    }

    private void reported(TenantId tenant, HubId hub, String digest, Instant at) {
        if (!CarePlanStore.DEFAULTS.equals(digest) && !digest.matches("[0-9a-f]{64}")) {
            return; // not a digest: nothing to keep or to match
        }
        String key = tenant.value() + "/" + hub.value();
        Known before = known.get(key);
        if (before != null && before.digest().equals(digest) && before.at().plus(REFRESH).isAfter(at)) {
            return;
        }
        store.report(tenant, hub, digest, at);
        known.put(key, new Known(digest, at));
        if (!CarePlanStore.DEFAULTS.equals(digest)) {
            tell("careplan.applied", tenant, store.applied(tenant, hub, digest, at));
        }
    }

    /** The console's live feed: for those who may see the resident (the event names tenant and resident). */
    private void tell(String event, TenantId tenant, List<Push> answered) {
        for (Push p : answered) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("tenant", tenant.value());
            data.put("resident", p.resident().value());
            data.put("hub", p.hub().value());
            data.put("version", p.version());
            data.put("digest", p.digest());
            data.put("state", p.state().name());
            data.put("reason", p.reason());
            feed.publish(event, data);
        }
    }
}
