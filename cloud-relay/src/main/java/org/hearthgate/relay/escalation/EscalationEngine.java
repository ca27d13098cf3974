package org.hearthgate.relay.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.ContactPoint;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.escalation.EscalationSql.AlarmRow;
import org.hearthgate.relay.escalation.EscalationSql.Queued;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.notify.Delivery;
import org.hearthgate.relay.notify.Notifier;
import org.hearthgate.relay.notify.Outgoing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every open alarm's escalation chain until a person takes it on. All of its state is in the database
 * (escalations, notifications, escalation_events), none in memory, so a relay killed at any point and restarted
 * carries on where it stopped, and several relays on one PostgreSQL share the work:
 *
 * <ol>
 *   <li><b>Start</b>: every open, unacknowledged alarm without an escalation row gets one (the policy chosen by
 *       tenant, resident and priority, copied into the row). A scan, so an alarm stored just before a crash starts
 *       too; {@link #kick} makes the scheduler look at once when the relay publishes {@code alarm.received}.</li>
 *   <li><b>Stop</b>: a running chain whose alarm is acknowledged, resolved or cancelled stops, and its step messages
 *       not yet sent are cancelled.</li>
 *   <li><b>Steps</b>: due chains are claimed with {@code SELECT … FOR UPDATE SKIP LOCKED} on PostgreSQL (inside
 *       SQLite's single IMMEDIATE writer on SQLite), and their steps run up to the next wait in the same transaction
 *       that queues the step's messages: each step runs exactly once.</li>
 *   <li><b>Send</b>: due messages are claimed (status {@code sending}, committed) <em>before</em> they are sent.
 *       To a person, delivery is <b>at most once</b>: a message left in {@code sending} by a relay that died
 *       mid-send is marked {@code unknown} and never sent again, because telling someone twice is a harm and the
 *       chain's next steps cover a message that may have been lost. To a webhook (another system, which
 *       de-duplicates by the {@code Idempotency-Key} it is given) delivery is <b>at least once</b>: it is sent
 *       again. Transient failures are retried with exponential backoff from a durable next-attempt time; permanent
 *       ones are recorded, and when nobody of a step's group can be told, the wait after it is cut short.</li>
 * </ol>
 *
 * <p>Quiet hours: a contact's quiet hours are respected for every alarm except emergencies (CRITICAL: a pendant,
 * a fall, smoke) and except the final step, which nothing skips; a message held back is recorded as
 * {@code skipped} on the timeline. Advisories reach families never (see {@link PolicySet}).
 *
 * <p>{@link #tick} does one round of all four; tests drive it with a {@code ManualClock}. {@link #start} runs it on
 * a scheduler thread.
 */
public final class EscalationEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_STEPS_PER_CLAIM = 200;

    /**
     * @param batch        how many alarms or messages one round claims at most
     * @param retryFirst   the first retry's delay after a transient failure; it doubles each time
     * @param retryMax     the longest delay between retries
     * @param maxAttempts  attempts before a transient failure counts as failed
     * @param sendingLease how long a claimed message may stay {@code sending} before it is judged abandoned
     * @param pollEvery    how often the scheduler thread looks for due work when not kicked
     */
    public record Settings(int batch, Duration retryFirst, Duration retryMax, int maxAttempts, Duration sendingLease,
            Duration pollEvery) {
        public static final Settings DEFAULT = new Settings(50, Duration.ofSeconds(5), Duration.ofMinutes(2), 8,
                Duration.ofMinutes(5), Duration.ofSeconds(1));
    }

    /** What one round did. */
    public record Round(int started, int stopped, int stepsRun, int sent, int retried, int failed) {
        public int total() {
            return started + stopped + stepsRun + sent + retried + failed;
        }
    }

    private final Database db;
    private final CareDirectory directory;
    private final PolicyStore policies;
    private final Map<Channel, Notifier> notifiers = new EnumMap<>(Channel.class);
    private final AttendLinks links;
    private final Clock clock;
    private final String instance;
    private final Settings settings;
    private final Object wake = new Object();
    private boolean kicked;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param links    mints the "I'm going" links in family and neighbour messages; null: messages carry none
     * @param instance this relay's name, kept on the messages it claims (for diagnosis)
     */
    public EscalationEngine(Database db, CareDirectory directory, PolicyStore policies, List<Notifier> notifiers,
            AttendLinks links, Clock clock, String instance, Settings settings) {
        this.db = db;
        this.directory = directory;
        this.policies = policies;
        notifiers.forEach(n -> this.notifiers.put(n.channel(), n));
        this.links = links;
        this.clock = clock;
        this.instance = instance;
        this.settings = settings;
    }

    /** Starts the scheduler thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("escalation-" + instance).daemon().start(this::loop);
    }

    /** Asks the scheduler to look now (an alarm was received, acknowledged, or answered). */
    public void kick() {
        synchronized (wake) {
            kicked = true;
            wake.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            boolean busy = false;
            try {
                busy = tick().total() > 0;
            } catch (RuntimeException e) {
                LOG.warn("escalation round failed, trying again: {}", e.toString());
            }
            synchronized (wake) {
                if (!busy && !kicked && running) {
                    try {
                        wake.wait(settings.pollEvery().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                kicked = false;
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        kick();
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One round: start, stop, run due steps, send due messages. */
    public Round tick() {
        int started = startMissing();
        int stopped = stopAnswered();
        int steps = runDueSteps();
        abandonStaleSends();
        int[] sends = sendDue();
        return new Round(started, stopped, steps, sends[0], sends[1], sends[2]);
    }

    // ---- start ------------------------------------------------------------------------------------------------

    private int startMissing() {
        List<String> waiting = db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.alarm_id FROM alarms a WHERE a.state IN"
                    + " ('RAISED', 'RECEIVED') AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.alarm_id ="
                    + " a.alarm_id) ORDER BY a.received_at LIMIT ?")) {
                ps.setInt(1, settings.batch());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
        int started = 0;
        for (String id : waiting) {
            try {
                if (db.inTransaction(c -> begin(c, id))) {
                    started++;
                }
            } catch (RuntimeException e) {
                // The next round tries again; one alarm's trouble must not hold up the others.
                LOG.warn("alarm {}: escalation could not start, trying again: {}", id, e.toString());
            }
        }
        return started;
    }

    private boolean begin(Connection c, String alarmId) throws SQLException {
        Optional<AlarmRow> found = EscalationSql.alarm(c, alarmId);
        if (found.isEmpty() || !found.get().awaitsSomeone()) {
            return false;
        }
        AlarmRow alarm = found.get();
        PolicySet set;
        String unreadable = null;
        try {
            set = policies.effective(alarm.tenant(), c);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // A stored policy that no longer reads must not leave an alarm without a chain.
            set = PolicySet.builtIn();
            unreadable = e.getMessage();
        }
        EscalationPolicy policy = set.policyFor(alarm.resident(), alarm.priority());
        Instant now = clock.instant();
        int inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO escalations(alarm_id, tenant, policy_name, policy,"
                + " zone, state, pass, next_step, due_at, started_at) VALUES (?, ?, ?, ?, ?, 'running', 0, 0, ?, ?)"
                + " ON CONFLICT (alarm_id) DO NOTHING")) {
            ps.setString(1, alarmId);
            ps.setString(2, alarm.tenant());
            ps.setString(3, policy.name());
            ps.setString(4, PolicyFormat.toJson(policy));
            ps.setString(5, set.zone().getId());
            ps.setLong(6, now.toEpochMilli());
            ps.setLong(7, now.toEpochMilli());
            inserted = ps.executeUpdate();
        }
        if (inserted == 1 && unreadable != null) {
            LOG.warn("tenant {}: escalation policies unreadable, built-in ones used: {}", alarm.tenant(), unreadable);
            EscalationSql.event(c, alarmId, now, "escalation.policy-unreadable", "the tenant's policies could not be"
                    + " read (" + unreadable + "): the built-in ones are used", null);
        }
        if (inserted == 1) {
            EscalationSql.event(c, alarmId, now, "escalation.started", "policy " + policy.name() + " for "
                    + alarm.priority() + " (" + policy.steps().size() + " steps, repeated up to " + policy.repeat()
                    + " times, then " + policy.finalStep().target() + ")", null);
        }
        return inserted == 1;
    }

    // ---- stop -------------------------------------------------------------------------------------------------

    private int stopAnswered() {
        return db.inTransaction(c -> {
            List<String[]> answered = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.alarm_id, a.state, a.acked_by FROM escalations e"
                    + " JOIN alarms a ON a.alarm_id = e.alarm_id WHERE e.state = 'running' AND a.state NOT IN"
                    + " ('RAISED', 'RECEIVED') LIMIT ?" + (db.dialect() == Database.Dialect.POSTGRESQL
                            ? " FOR UPDATE OF e SKIP LOCKED" : ""))) {
                ps.setInt(1, settings.batch());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        answered.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
            int stopped = 0;
            for (String[] a : answered) {
                String reason = switch (a[1]) {
                    case "ACKNOWLEDGED" -> "acknowledged" + (a[2] == null ? "" : " by " + a[2]);
                    case "RESOLVED" -> "resolved";
                    default -> "cancelled";
                };
                if (EscalationSql.stop(c, a[0], clock.instant(), reason)) {
                    stopped++;
                    if (a[1].equals("CANCELLED")) {
                        tellFamilyItWasCancelled(c, a[0]);
                    }
                }
            }
            return stopped;
        });
    }

    /** The resident cancelled it at home: the family who were told should not be left worrying. */
    private void tellFamilyItWasCancelled(Connection c, String alarmId) throws SQLException {
        Optional<AlarmRow> alarm = EscalationSql.alarm(c, alarmId);
        if (alarm.isEmpty()) {
            return;
        }
        try {
            Resolutions.tellFamily(c, directory, alarm.get(), Outcome.CANCELLED_BY_RESIDENT, "the resident",
                    clock.instant());
        } catch (RuntimeException e) {
            // The directory could not be read; the cancellation stands, only the courtesy message is lost.
            LOG.warn("alarm {}: could not tell the family it was cancelled: {}", alarmId, e.toString());
        }
    }

    // ---- steps ------------------------------------------------------------------------------------------------

    /**
     * Claims and runs due chains one per transaction, so that one chain that fails (its resident's directory entry
     * cannot be read, say) is put back a little later and never holds up the others.
     */
    private int runDueSteps() {
        int steps = 0;
        for (int i = 0; i < settings.batch(); i++) {
            String[] failedAlarm = new String[1];
            Integer ran;
            try {
                ran = db.inTransaction(c -> {
                    Chain chain = claimDueChain(c, failedAlarm);
                    return chain == null ? null : advance(c, chain, clock.instant());
                });
            } catch (RuntimeException e) {
                if (failedAlarm[0] == null) {
                    throw e;
                }
                postpone(failedAlarm[0], e);
                continue;
            }
            if (ran == null) {
                break;
            }
            steps += ran;
        }
        return steps;
    }

    /** The next due chain, locked; its alarm id goes into {@code claimed[0]} first, in case reading it fails. */
    private Chain claimDueChain(Connection c, String[] claimed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT alarm_id, policy_name, policy, zone, pass, next_step,"
                + " group_from_step FROM escalations WHERE state = 'running' AND due_at <= ? ORDER BY due_at LIMIT 1"
                + EscalationSql.skipLocked(db))) {
            ps.setLong(1, clock.millis());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                claimed[0] = rs.getString(1);
                return new Chain(rs.getString(1), PolicyFormat.parsePolicy(rs.getString(2), rs.getString(3)),
                        ZoneId.of(rs.getString(4)), rs.getInt(5), rs.getInt(6), nullableInt(rs, 7));
            }
        }
    }

    /** A chain whose step failed: on the timeline, and due again shortly (the failure may pass). */
    private void postpone(String alarmId, RuntimeException e) {
        LOG.warn("alarm {}: an escalation step failed, trying again in {}: {}", alarmId, settings.retryFirst(),
                e.toString());
        db.inTransaction(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("UPDATE escalations SET due_at = ? WHERE alarm_id = ?"
                    + " AND state = 'running'")) {
                ps.setLong(1, now.plus(settings.retryFirst()).toEpochMilli());
                ps.setString(2, alarmId);
                ps.executeUpdate();
            }
            EscalationSql.event(c, alarmId, now, "step.error", "the step could not be run ("
                    + e.getClass().getSimpleName() + "), trying again", null);
            return null;
        });
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    /** A running chain as claimed. {@code groupFrom}: first notify step since the last wait, or null. */
    private record Chain(String alarmId, EscalationPolicy policy, ZoneId zone, int pass, int next, Integer groupFrom) {
    }

    /** Runs the chain's steps from its next one up to the next wait (or the end); returns how many ran. */
    private int advance(Connection c, Chain chain, Instant now) throws SQLException {
        Optional<AlarmRow> found = EscalationSql.alarm(c, chain.alarmId());
        if (found.isEmpty() || !found.get().awaitsSomeone()) {
            // Acknowledged or closed since the stop scan; or gone. Stop here, never notify.
            EscalationSql.stop(c, chain.alarmId(), now, found.isEmpty() ? "alarm not found" : "answered");
            return 0;
        }
        AlarmRow alarm = found.get();
        EscalationPolicy policy = chain.policy();
        int pass = chain.pass();
        int next = chain.next();
        Integer groupFrom = chain.groupFrom();
        boolean groupStarted = false;
        int groupTold = 0;
        Instant due = now;
        String state = "running";
        int ran = 0;
        while (ran < MAX_STEPS_PER_CLAIM) {
            if (next >= policy.steps().size()) {
                if (pass < policy.repeat()) {
                    pass++;
                    next = 0;
                    EscalationSql.event(c, alarm.alarmId(), now, "escalation.repeat",
                            "nobody has taken it on: the chain again (repeat " + pass + " of " + policy.repeat()
                                    + ")", null);
                    continue;
                }
                ran++;
                EscalationSql.event(c, alarm.alarmId(), now, "step.final",
                        "final step: notify " + policy.finalStep().target(), null);
                notify(c, alarm, chain.zone(), policy.finalStep(), pass, policy.steps().size(), true, now);
                state = "done";
                break;
            }
            Step step = policy.steps().get(next);
            if (step instanceof Step.OnlyBetween gate) {
                ZonedDateTime local = now.atZone(chain.zone());
                if (!gate.covers(local.toLocalTime())) {
                    due = opening(gate, local);
                    EscalationSql.event(c, alarm.alarmId(), now, "step.gate", "step " + (next + 1)
                            + ": only between " + gate.from() + " and " + gate.to() + ", waiting until "
                            + Messages.time(due, chain.zone()), null);
                    break;
                }
                next++;
                continue;
            }
            ran++;
            if (step instanceof Step.Wait wait) {
                next++;
                if (groupStarted && groupTold == 0) {
                    // Nobody of the steps before could be told (nobody has the role or a channel, all in quiet
                    // hours): there is nobody to wait for.
                    EscalationSql.event(c, alarm.alarmId(), now, "step.wait-skipped", "step " + next
                            + ": nobody could be told, so no waiting", null);
                    continue;
                }
                due = now.plus(wait.duration());
                EscalationSql.event(c, alarm.alarmId(), now, "step.wait", "step " + (next) + ": wait "
                        + wait.duration().toSeconds() + " s", null);
                break;
            }
            Step.Notify notify = (Step.Notify) step;
            EscalationSql.event(c, alarm.alarmId(), now, "step.notify", "step " + (next + 1) + ": notify "
                    + notify.target() + " via " + notify.channels() + (pass > 0 ? " (repeat " + pass + ")" : ""),
                    null);
            int told = notify(c, alarm, chain.zone(), notify, pass, next, false, now);
            if (!groupStarted) {
                // The first notify since a wait starts the group the next wait gives time to answer.
                groupFrom = next;
                groupStarted = true;
                groupTold = 0;
            }
            groupTold += told;
            next++;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE escalations SET state = ?, pass = ?, next_step = ?,"
                + " due_at = ?, group_from_step = ?, ended_at = ?, end_reason = ? WHERE alarm_id = ?")) {
            ps.setString(1, state);
            ps.setInt(2, pass);
            ps.setInt(3, next);
            ps.setLong(4, due.toEpochMilli());
            if (groupFrom == null) {
                ps.setNull(5, java.sql.Types.INTEGER);
            } else {
                ps.setInt(5, groupFrom);
            }
            if ("done".equals(state)) {
                ps.setLong(6, now.toEpochMilli());
            } else {
                ps.setNull(6, java.sql.Types.BIGINT);
            }
            ps.setString(7, "done".equals(state) ? "final step taken" : null);
            ps.setString(8, alarm.alarmId());
            ps.executeUpdate();
        }
        return ran;
    }

    /** When a gate next opens, from a local time outside it. */
    private static Instant opening(Step.OnlyBetween gate, ZonedDateTime local) {
        LocalDateTime candidate = local.toLocalDate().atTime(gate.from());
        if (!candidate.isAfter(local.toLocalDateTime())) {
            candidate = candidate.plusDays(1);
        }
        return candidate.atZone(local.getZone()).toInstant();
    }

    /** A person (or system) a step reaches. */
    private record Recipient(String contactId, String name, CircleRole role, String called,
            List<ContactPoint> points, org.hearthgate.relay.directory.QuietHours quiet, String login) {
    }

    /** Queues the step's messages; returns how many are to be sent (not held back by quiet hours). */
    private int notify(Connection c, AlarmRow alarm, ZoneId zone, Step.Notify step, int pass, int stepIndex,
            boolean isFinal, Instant now) throws SQLException {
        TenantId tenant = TenantId.of(alarm.tenant());
        ResidentId residentId = ResidentId.of(alarm.resident());
        Optional<Resident> resident = directory.resident(tenant, residentId);
        String calledName = resident.map(Resident::calledName).orElse("the resident");
        String shortName = resident.map(r -> Messages.shortName(r.calledName(), r.familyName()))
                .orElse("resident " + alarm.resident());
        List<Recipient> recipients = recipients(step.target(), tenant, residentId, calledName);
        if (recipients.isEmpty()) {
            EscalationSql.event(c, alarm.alarmId(), now, isFinal ? "step.final-nobody" : "step.nobody",
                    "nobody in the care circle is " + step.target(), null);
            if (isFinal) {
                LOG.warn("alarm {}: the final step reaches nobody ({}): fix the care circle", alarm.alarmId(),
                        step.target());
            }
            return 0;
        }
        int toSend = 0;
        String kind = isFinal ? EscalationSql.FINAL : EscalationSql.STEP;
        String stepKey = isFinal ? "final" : String.valueOf(stepIndex);
        for (Recipient r : recipients) {
            boolean quiet = !isFinal && alarm.priority() != Priority.CRITICAL && r.quiet() != null
                    && r.quiet().covers(now.atZone(zone).toLocalTime());
            int queued = 0;
            for (Channel channel : step.channels()) {
                String address = address(r, channel);
                if (address == null) {
                    continue;
                }
                String key = alarm.alarmId() + "/" + pass + "/" + stepKey + "/" + r.contactId() + "/" + channel;
                String body;
                String data = null;
                if (channel == Channel.WEBHOOK) {
                    data = webhookBody(alarm, pass, stepKey, now);
                    body = "alarm " + alarm.code() + " priority " + alarm.priority().scaip();
                } else {
                    body = text(r, alarm, zone, shortName, isFinal, channel, now);
                }
                EscalationSql.queue(c, new Queued(key, alarm.alarmId(), kind, pass, isFinal ? -1 : stepIndex,
                        r.contactId(), r.name(), r.role() == null ? null : r.role().name(), channel, address,
                        Messages.subject(r.role() == CircleRole.FAMILY || r.role() == CircleRole.NEIGHBOUR
                                ? r.called() : shortName), body, data, quiet ? "skipped" : "queued",
                        quiet ? "quiet hours (not an emergency)" : null), now);
                queued++;
                toSend += quiet ? 0 : 1;
            }
            if (queued == 0) {
                EscalationSql.event(c, alarm.alarmId(), now, "step.unreachable", r.name() + " has none of "
                        + step.channels(), null);
            }
        }
        return toSend;
    }

    private String text(Recipient r, AlarmRow alarm, ZoneId zone, String shortName, boolean isFinal,
            Channel channel, Instant now) {
        boolean linkable = links != null && (channel == Channel.SMS || channel == Channel.EMAIL);
        if (isFinal || r.role() == CircleRole.SERVICE_MANAGER) {
            return Messages.forManager(shortName, alarm.code(), alarm.receivedAt(), zone);
        }
        if (r.role() == CircleRole.FAMILY) {
            return Messages.forFamily(r.called(), alarm.code(), alarm.receivedAt(), zone,
                    linkable ? links.linkFor(AlarmId.of(alarm.alarmId()), r.contactId(), now) : null);
        }
        if (r.role() == CircleRole.NEIGHBOUR) {
            return Messages.forNeighbour(r.called(), alarm.code(), alarm.receivedAt(), zone,
                    linkable ? links.linkFor(AlarmId.of(alarm.alarmId()), r.contactId(), now) : null);
        }
        return Messages.forResponder(shortName, alarm.code(), alarm.receivedAt(), zone);
    }

    private static String webhookBody(AlarmRow alarm, int pass, String step, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "alarm.escalated");
        body.put("alarmId", alarm.alarmId());
        body.put("tenant", alarm.tenant());
        body.put("hub", alarm.hub());
        body.put("resident", alarm.resident());
        body.put("code", alarm.code().name());
        body.put("scaipStatus", alarm.code().scaipStatus());
        body.put("scaipDeviceType", alarm.code().scaipDeviceType());
        body.put("priority", alarm.priority().scaip());
        body.put("receivedAt", alarm.receivedAt().toString());
        body.put("escalation", Map.of("pass", pass, "step", step, "at", now.toString()));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String address(Recipient r, Channel channel) {
        for (ContactPoint p : r.points()) {
            if (p.channel() == channel) {
                return p.address();
            }
        }
        if (channel == Channel.CONSOLE) {
            // The console reaches a responder by their account; the live queue shows the alarm to everyone anyway.
            return r.login() != null ? r.login() : r.contactId();
        }
        return null;
    }

    private List<Recipient> recipients(Target target, TenantId tenant, ResidentId resident, String calledName) {
        if (target instanceof Target.Webhook w) {
            return List.of(new Recipient("webhook:" + w.url(), "webhook " + java.net.URI.create(w.url()).getHost(),
                    null, calledName, List.of(new ContactPoint(Channel.WEBHOOK, w.url())), null, null));
        }
        return directory.circle(tenant, resident).stream()
                .filter(m -> switch (target) {
                    case Target.Role role -> m.role() == role.role();
                    case Target.Contact contact -> m.contactId().equals(contact.contactId());
                    case Target.Webhook w -> false;
                })
                .sorted(Comparator.comparingInt(CircleMember::order))
                .map(m -> new Recipient(m.contactId(), m.name(), m.role(),
                        m.residentCalled() != null && !m.residentCalled().isBlank() ? m.residentCalled() : calledName,
                        m.channels(), m.quiet(), m.login()))
                .toList();
    }

    // ---- send -------------------------------------------------------------------------------------------------

    /** Messages a relay claimed and never finished (it died mid-send): see the class comment. */
    private void abandonStaleSends() {
        db.inTransaction(c -> {
            Instant now = clock.instant();
            List<String[]> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT notification_key, alarm_id, channel, recipient_name"
                    + " FROM notifications WHERE status = 'sending' AND updated_at < ? LIMIT ?"
                    + EscalationSql.skipLocked(db))) {
                ps.setLong(1, now.minus(settings.sendingLease()).toEpochMilli());
                ps.setInt(2, settings.batch());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stale.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
            }
            for (String[] s : stale) {
                boolean machine = Channel.valueOf(s[2]) == Channel.WEBHOOK;
                try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = ?, updated_at = ?,"
                        + " next_attempt_at = ?, last_error = ? WHERE notification_key = ? AND status = 'sending'")) {
                    ps.setString(1, machine ? "queued" : "unknown");
                    ps.setLong(2, now.toEpochMilli());
                    ps.setLong(3, now.toEpochMilli());
                    ps.setString(4, "a relay stopped while sending");
                    ps.setString(5, s[0]);
                    ps.executeUpdate();
                }
                EscalationSql.event(c, s[1], now, machine ? "notification.resend" : "notification.unknown",
                        s[2] + " to " + s[3] + (machine ? ": a relay stopped while sending; sending again"
                                : ": a relay stopped while sending; not sent again, so nobody is told twice"), s[0]);
            }
            return null;
        });
    }

    private record Claimed(String key, String alarmId, String kind, int pass, int step, String name, Channel channel,
            String address, String subject, String body, String data, int attempts) {
    }

    /** Claims due messages, sends them (in parallel, one virtual thread each), records what came back. */
    private int[] sendDue() {
        List<Claimed> claimed = db.inTransaction(c -> {
            Instant now = clock.instant();
            List<Claimed> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT notification_key, alarm_id, kind, pass, step,"
                    + " recipient_name, channel, address, subject, body, data, attempts FROM notifications"
                    + " WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?"
                    + EscalationSql.skipLocked(db))) {
                ps.setLong(1, now.toEpochMilli());
                ps.setInt(2, settings.batch());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getInt(5), rs.getString(6), Channel.valueOf(rs.getString(7)), rs.getString(8),
                                rs.getString(9), rs.getString(10), rs.getString(11), rs.getInt(12) + 1));
                    }
                }
            }
            List<Claimed> mine = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = 'sending', attempts ="
                    + " attempts + 1, claimed_by = ?, updated_at = ? WHERE notification_key = ?"
                    + " AND status = 'queued'")) {
                for (Claimed m : out) {
                    ps.setString(1, instance);
                    ps.setLong(2, now.toEpochMilli());
                    ps.setString(3, m.key());
                    if (ps.executeUpdate() == 1) {
                        mine.add(m);
                    }
                }
            }
            return mine;
        });
        int[] counts = new int[3];
        if (claimed.isEmpty()) {
            return counts;
        }
        List<Delivery> results = new ArrayList<>();
        try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Delivery>> futures = new ArrayList<>();
            for (Claimed m : claimed) {
                futures.add(sends.submit(() -> deliver(m)));
            }
            for (Future<Delivery> f : futures) {
                try {
                    results.add(f.get());
                } catch (Exception e) {
                    results.add(new Delivery.Transient("send failed: " + e, null));
                }
            }
        }
        for (int i = 0; i < claimed.size(); i++) {
            Claimed m = claimed.get(i);
            Delivery d = results.get(i);
            counts[db.inTransaction(c -> record(c, m, d))]++;
        }
        return counts;
    }

    /** Null result: not sent because the alarm no longer needs it (recorded as cancelled). */
    private Delivery deliver(Claimed m) {
        if (EscalationSql.STEP.equals(m.kind()) || EscalationSql.FINAL.equals(m.kind())) {
            boolean stillNeeded = db.read(c -> EscalationSql.alarm(c, m.alarmId())
                    .map(AlarmRow::awaitsSomeone).orElse(false));
            if (!stillNeeded) {
                return null;
            }
        }
        Notifier notifier = notifiers.get(m.channel());
        if (notifier == null) {
            return new Delivery.Permanent("no notifier for " + m.channel() + " is configured");
        }
        Map<String, Object> data = Map.of();
        if (m.data() != null) {
            try {
                data = JSON.readValue(m.data(), new TypeReference<Map<String, Object>>() { });
            } catch (JsonProcessingException e) {
                return new Delivery.Permanent("unreadable webhook body");
            }
        }
        try {
            Delivery d = notifier.send(new Outgoing(m.key(), m.channel(), m.address(), m.subject(), m.body(), data));
            return d == null ? new Delivery.Transient("the notifier gave no answer", null) : d;
        } catch (RuntimeException e) {
            // A notifier should classify, not throw; if one throws, the attempt is worth repeating.
            return new Delivery.Transient(e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    /** Records one attempt's result; returns 0 sent, 1 retried, 2 failed (or cancelled). */
    private int record(Connection c, Claimed m, Delivery d) throws SQLException {
        Instant now = clock.instant();
        String what = m.channel() + " to " + m.name();
        return switch (d) {
            case null -> {
                update(c, m.key(), "cancelled", now, "the alarm was taken on before it was sent", null);
                EscalationSql.event(c, m.alarmId(), now, "notification.cancelled", what
                        + ": not sent, the alarm was taken on", m.key());
                yield 2;
            }
            case Delivery.Sent s -> {
                update(c, m.key(), "sent", now, null, s.reference());
                EscalationSql.event(c, m.alarmId(), now, "notification.sent", what + ": sent", m.key());
                yield 0;
            }
            case Delivery.Transient t when m.attempts() < settings.maxAttempts() -> {
                Duration backoff = backoff(m.attempts());
                if (t.retryAfter() != null && t.retryAfter().compareTo(backoff) > 0) {
                    backoff = t.retryAfter().compareTo(settings.retryMax()) > 0 ? settings.retryMax() : t.retryAfter();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = 'queued',"
                        + " next_attempt_at = ?, last_error = ?, updated_at = ? WHERE notification_key = ?")) {
                    ps.setLong(1, now.plus(backoff).toEpochMilli());
                    ps.setString(2, t.reason());
                    ps.setLong(3, now.toEpochMilli());
                    ps.setString(4, m.key());
                    ps.executeUpdate();
                }
                EscalationSql.event(c, m.alarmId(), now, "notification.retry", what + ": attempt " + m.attempts()
                        + " failed (" + t.reason() + "), next in " + backoff.toSeconds() + " s", m.key());
                yield 1;
            }
            case Delivery.Transient t -> {
                failed(c, m, now, "gave up after " + m.attempts() + " attempts: " + t.reason());
                yield 2;
            }
            case Delivery.Permanent p -> {
                failed(c, m, now, p.reason());
                yield 2;
            }
        };
    }

    private Duration backoff(int attempts) {
        Duration d = settings.retryFirst().multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : d;
    }

    private void failed(Connection c, Claimed m, Instant now, String reason) throws SQLException {
        update(c, m.key(), "failed", now, reason, null);
        EscalationSql.event(c, m.alarmId(), now, "notification.failed", m.channel() + " to " + m.name() + ": "
                + reason, m.key());
        if (!EscalationSql.STEP.equals(m.kind())) {
            return;
        }
        // Nobody of this step's group can be told: take the next step now rather than wait for nobody.
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM notifications n JOIN escalations e ON"
                + " e.alarm_id = n.alarm_id WHERE n.alarm_id = ? AND n.kind = 'step' AND n.pass = e.pass"
                + " AND n.step >= e.group_from_step AND n.step < e.next_step"
                + " AND n.status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'unknown')")) {
            ps.setString(1, m.alarmId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
        }
        int hurried;
        try (PreparedStatement ps = c.prepareStatement("UPDATE escalations SET due_at = ? WHERE alarm_id = ?"
                + " AND state = 'running' AND pass = ? AND group_from_step IS NOT NULL AND group_from_step <= ?"
                + " AND next_step > ? AND due_at > ?")) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, m.alarmId());
            ps.setInt(3, m.pass());
            ps.setInt(4, m.step());
            ps.setInt(5, m.step());
            ps.setLong(6, now.toEpochMilli());
            hurried = ps.executeUpdate();
        }
        if (hurried > 0) {
            EscalationSql.event(c, m.alarmId(), now, "escalation.hurried",
                    "nobody at the last step could be told: the next step now", null);
            kick();
        }
    }

    private static void update(Connection c, String key, String status, Instant now, String error, String reference)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE notifications SET status = ?, updated_at = ?,"
                + " last_error = ?, reference = COALESCE(?, reference) WHERE notification_key = ?")) {
            ps.setString(1, status);
            ps.setLong(2, now.toEpochMilli());
            ps.setString(3, error);
            ps.setString(4, reference);
            ps.setString(5, key);
            ps.executeUpdate();
        }
    }

    // ---- reports from channels and queries --------------------------------------------------------------------

    /** Later news from a channel about a sent message (delivery receipts, read receipts), by its reference. */
    public enum Receipt { DELIVERED, READ, FAILED }

    /** Records a channel's receipt for the message it knows as {@code reference}; false if no such message. */
    public boolean receipt(Channel channel, String reference, Receipt receipt, String detail) {
        return db.inTransaction(c -> {
            String key = null;
            String alarmId = null;
            String name = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT notification_key, alarm_id, recipient_name FROM"
                    + " notifications WHERE channel = ? AND reference = ?")) {
                ps.setString(1, channel.name());
                ps.setString(2, reference);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        key = rs.getString(1);
                        alarmId = rs.getString(2);
                        name = rs.getString(3);
                    }
                }
            }
            if (key == null) {
                return false;
            }
            Instant now = clock.instant();
            update(c, key, receipt.name().toLowerCase(java.util.Locale.ROOT), now,
                    receipt == Receipt.FAILED ? detail : null, null);
            EscalationSql.event(c, alarmId, now, "notification." + receipt.name().toLowerCase(java.util.Locale.ROOT),
                    channel + " to " + name + (detail == null ? "" : ": " + detail), key);
            return true;
        });
    }

    /** Everything the escalation did for one alarm, oldest first. */
    public List<TimelineEntry> timeline(AlarmId alarm) {
        return db.read(c -> {
            List<TimelineEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT at, kind, detail, notification_key FROM"
                    + " escalation_events WHERE alarm_id = ? ORDER BY at, id")) {
                ps.setString(1, alarm.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TimelineEntry(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                                rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    /** Every message for one alarm and where it stands. */
    public List<NotificationStatus> notifications(AlarmId alarm) {
        return db.read(c -> {
            List<NotificationStatus> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT notification_key, kind, contact_id,"
                    + " recipient_name, recipient_role, channel, status, attempts, next_attempt_at, last_error"
                    + " FROM notifications WHERE alarm_id = ? ORDER BY created_at, notification_key")) {
                ps.setString(1, alarm.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new NotificationStatus(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), Channel.valueOf(rs.getString(6)), rs.getString(7),
                                rs.getInt(8), Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10)));
                    }
                }
            }
            return out;
        });
    }
}
