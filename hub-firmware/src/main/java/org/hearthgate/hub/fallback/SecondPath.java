package org.hearthgate.hub.fallback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.hub.Announcement;
import org.hearthgate.hub.Annunciator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's second path, as every telecare hub has: watches the primary (MQTT) path and reports on it as SCAIP events
 * through the outbox, and sends an alarm by the {@link FallbackPath} too when the primary has not confirmed it.
 * <ul>
 * <li>An alarm with no cloud receipt {@code fallback.after} after it was raised, or raised while the uplink is down,
 * goes by the fallback path as well: once per alarm, never again; the outbox keeps re-sending it over MQTT as before.
 * The resident hears {@link Announcement#SENDING_BY_TEXT}. The outcome is an event: {@code REDUNDANT_PATH_USED}, or
 * after {@code fallback.attempts} failed attempts {@code REDUNDANT_PATH_FAIL}.</li>
 * <li>An uplink down for longer than {@code linkFailAfter} is a {@code LINK_FAIL} event, its return a
 * {@code LINK_RESTORE}; shorter blips say nothing.</li>
 * <li>Every {@code testTransmissionEvery} a {@code TEST_TRANSMISSION} event goes up, so the cloud can notice its
 * absence; the fallback path is checked (the modem must answer) at start and at each test, and a failed check is a
 * {@code REDUNDANT_PATH_FAIL} event, its recovery a {@code REDUNDANT_PATH_RESTORE}.</li>
 * </ul>
 * The hub calls {@link #alarmRaised}, {@link #alarmResumed}, {@link #receipted} and {@link #tick} on its loop thread;
 * they return at once. Fallback sends run on this class's own thread, one at a time.
 */
public final class SecondPath implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecondPath.class);

    /** Where events go: the hub's outbox. Thread-safe and quick; {@code at} is when the thing happened. */
    @FunctionalInterface
    public interface Reporter {
        void report(Event event, Instant at);
    }

    /**
     * @param linkFailAfter         how long the uplink may be down before it is reported (LINK_FAIL)
     * @param testTransmissionEvery how often the end-to-end test transmission goes up (default daily)
     * @param fallback              the alarm fallback, or null when the hub has none
     */
    public record Settings(Duration linkFailAfter, Duration testTransmissionEvery, Fallback fallback) {
        public Settings {
            positive(linkFailAfter, "linkFailAfter");
            positive(testTransmissionEvery, "testTransmissionEvery");
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(2), Duration.ofDays(1), null);
        }

        public Settings withFallback(Fallback f) {
            return new Settings(linkFailAfter, testTransmissionEvery, f);
        }
    }

    /**
     * @param path       how the alarm goes (SMS)
     * @param after      how long an alarm may wait for its receipt before it goes by the path too (default 30 s)
     * @param attempts   attempts per alarm before it is reported as failed (bounded: a modem that fails three times
     *                   running will not do better on the tenth, and the MQTT retries go on regardless)
     * @param retryDelay wait between attempts
     */
    public record Fallback(FallbackPath path, Duration after, int attempts, Duration retryDelay) {
        public Fallback {
            Require.present(path, "path");
            positive(after, "after");
            Require.between(attempts, 1, 10, "attempts");
            Require.present(retryDelay, "retryDelay");
        }

        public static Fallback of(FallbackPath path, Duration after, int attempts) {
            return new Fallback(path, after, attempts, Duration.ofSeconds(10));
        }
    }

    private record Awaiting(AlarmRaised alarm, Instant raisedAt) {
    }

    private final TenantId tenant;
    private final HubId hub;
    private final ResidentId resident;
    private final Settings settings;
    private final Fallback fallback;
    private final Annunciator annunciator;
    private final Reporter reporter;
    private final BooleanSupplier uplinkConnected;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor sender;

    /** Alarms without their receipt that have not gone by the fallback path yet. */
    private final Map<MessageId, Awaiting> awaiting = new ConcurrentHashMap<>();
    /** Alarms handed to the fallback path: never twice. */
    private final Set<MessageId> dispatched = ConcurrentHashMap.newKeySet();
    /** Dispatched alarms whose receipt came after all: no more fallback attempts for them. */
    private final Set<MessageId> settled = ConcurrentHashMap.newKeySet();

    // Link state, touched on the loop thread only.
    private Instant linkDownSince;
    private boolean linkFailReported;
    private Instant nextTest;
    /** Whether the fallback path worked last time: null until known. */
    private volatile Boolean pathWorks;

    public SecondPath(TenantId tenant, HubId hub, ResidentId resident, Settings settings, Annunciator annunciator,
            Reporter reporter, BooleanSupplier uplinkConnected, Clock clock) {
        this.tenant = tenant;
        this.hub = hub;
        this.resident = resident;
        this.settings = settings;
        this.fallback = settings.fallback();
        this.annunciator = annunciator;
        this.reporter = reporter;
        this.uplinkConnected = uplinkConnected;
        this.clock = clock;
        this.sender = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hub-fallback");
            t.setDaemon(true);
            return t;
        });
        Instant now = clock.instant();
        this.linkDownSince = now; // down until the uplink first connects
        this.nextTest = now.plus(settings.testTransmissionEvery());
    }

    /** Checks the fallback path once, in the background, so a missing modem is known before an alarm needs it. */
    public void start() {
        if (fallback != null) {
            sender.execute(this::checkPath);
        }
    }

    /** A new alarm is in the outbox under {@code id}; goes by the fallback path now if the uplink is down. */
    public void alarmRaised(MessageId id, AlarmRaised alarm, Instant raisedAt) {
        if (fallback == null) {
            return;
        }
        if (!uplinkConnected.getAsBoolean()) {
            dispatch(id, alarm, raisedAt, "the uplink is down");
        } else {
            awaiting.put(id, new Awaiting(alarm, raisedAt));
        }
    }

    /** An alarm found in the outbox after a restart, still without its receipt; follows the timer only. */
    public void alarmResumed(MessageId id, AlarmRaised alarm, Instant raisedAt) {
        if (fallback != null && !dispatched.contains(id)) {
            awaiting.put(id, new Awaiting(alarm, raisedAt));
        }
    }

    /** The cloud's receipt for message {@code id} arrived. */
    public void receipted(MessageId id) {
        awaiting.remove(id);
        if (dispatched.contains(id)) {
            settled.add(id);
        }
    }

    /** Called about once a second: link state, overdue alarms, the periodic test. */
    public void tick() {
        Instant now = clock.instant();
        watchLink(now, uplinkConnected.getAsBoolean());
        if (fallback != null) {
            awaiting.forEach((id, a) -> {
                if (!now.isBefore(a.raisedAt().plus(fallback.after())) && awaiting.remove(id, a)) {
                    dispatch(id, a.alarm(), a.raisedAt(), "no receipt within " + fallback.after().toSeconds() + " s");
                }
            });
        }
        if (!now.isBefore(nextTest)) {
            nextTest = now.plus(settings.testTransmissionEvery());
            report(EventCode.TEST_TRANSMISSION, "periodic, every " + settings.testTransmissionEvery(), now);
            if (fallback != null) {
                sender.execute(this::checkPath);
            }
        }
    }

    private void watchLink(Instant now, boolean up) {
        if (up) {
            if (linkFailReported) {
                report(EventCode.LINK_RESTORE, "IP link back after " + Duration.between(linkDownSince, now)
                        .toSeconds() + " s", now);
            }
            linkDownSince = null;
            linkFailReported = false;
        } else if (linkDownSince == null) {
            linkDownSince = now;
        } else if (!linkFailReported && !now.isBefore(linkDownSince.plus(settings.linkFailAfter()))) {
            linkFailReported = true;
            LOG.warn("the uplink has been down for more than {} s", settings.linkFailAfter().toSeconds());
            report(EventCode.LINK_FAIL, "IP link down for more than " + settings.linkFailAfter().toSeconds() + " s",
                    linkDownSince);
        }
    }

    private void dispatch(MessageId id, AlarmRaised alarm, Instant raisedAt, String why) {
        if (!dispatched.add(id)) {
            return;
        }
        annunciator.announce(Announcement.SENDING_BY_TEXT);
        LOG.warn("alarm {}: {}; sending it by {} too", alarm.alarm(), why, fallback.path().name());
        Message message = new Message(Message.SCHEMA_VERSION, id, hub, 0, raisedAt, alarm);
        sender.execute(() -> attempt(message, 1));
    }

    private void attempt(Message message, int attempt) {
        AlarmRaised alarm = (AlarmRaised) message.body();
        if (settled.contains(message.id())) {
            LOG.info("alarm {}: receipt came before {} attempt {}; stopping", alarm.alarm(), fallback.path().name(),
                    attempt);
            return;
        }
        FallbackPath.Result result = safely(() -> fallback.path().send(tenant, message));
        Instant now = clock.instant();
        switch (result) {
            case FallbackPath.Result.Sent sent -> {
                LOG.info("alarm {} sent by {} (reference {})", alarm.alarm(), fallback.path().name(), sent.reference());
                pathWorked(now);
                report(EventCode.REDUNDANT_PATH_USED, "alarm " + alarm.alarm() + " sent by " + fallback.path().name()
                        + ", reference " + sent.reference(), now);
            }
            case FallbackPath.Result.Failed failed when attempt < fallback.attempts() -> {
                LOG.warn("alarm {}: {} attempt {} of {} failed: {}", alarm.alarm(), fallback.path().name(), attempt,
                        fallback.attempts(), failed.reason());
                sender.schedule(() -> attempt(message, attempt + 1), fallback.retryDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            case FallbackPath.Result.Failed failed -> {
                LOG.error("alarm {} not sent by {} after {} attempts: {}", alarm.alarm(), fallback.path().name(),
                        attempt, failed.reason());
                pathWorks = false;
                report(EventCode.REDUNDANT_PATH_FAIL, "alarm " + alarm.alarm() + " not sent by "
                        + fallback.path().name() + " after " + attempt + " attempts: " + failed.reason(), now);
            }
        }
    }

    private void checkPath() {
        FallbackPath.Result result = safely(() -> fallback.path().check());
        Instant now = clock.instant();
        switch (result) {
            case FallbackPath.Result.Sent ok -> pathWorked(now);
            case FallbackPath.Result.Failed failed -> {
                if (!Boolean.FALSE.equals(pathWorks)) {
                    LOG.error("the {} fallback does not work: {}", fallback.path().name(), failed.reason());
                    report(EventCode.REDUNDANT_PATH_FAIL, fallback.path().name() + " check failed: " + failed.reason(),
                            now);
                }
                pathWorks = false;
            }
        }
    }

    private void pathWorked(Instant now) {
        if (Boolean.FALSE.equals(pathWorks)) {
            LOG.info("the {} fallback works again", fallback.path().name());
            report(EventCode.REDUNDANT_PATH_RESTORE, fallback.path().name() + " works again", now);
        }
        pathWorks = true;
    }

    private static FallbackPath.Result safely(java.util.function.Supplier<FallbackPath.Result> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // A path must not throw; if one does, it is a failed attempt like any other, never a dead thread.
            return new FallbackPath.Result.Failed(e.toString());
        }
    }

    private void report(EventCode code, String detail, Instant at) {
        String d = detail.length() > 200 ? detail.substring(0, 199) + "…" : detail;
        try {
            reporter.report(new Event(resident, code, code.defaultPriority(), null, d), at);
        } catch (RuntimeException e) {
            LOG.error("could not report {}: {}", code, e.toString());
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }

    private static void positive(Duration d, String field) {
        if (Require.present(d, field).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive");
        }
    }
}
