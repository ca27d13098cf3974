package org.hearthgate.hub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.MessageId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.Hazard;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.PullCord;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Command;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Heartbeat;
import org.hearthgate.contract.wire.HubStatus;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Payload;
import org.hearthgate.contract.wire.Reading;
import org.hearthgate.contract.wire.Receipt;
import org.hearthgate.contract.wire.Topic;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.contract.wire.WireFormatException;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.DriverCallback;
import org.hearthgate.hub.fallback.SecondPath;
import org.hearthgate.hub.outbox.Outbox;
import org.hearthgate.hub.outbox.OutboxEntry;
import org.hearthgate.hub.plan.CarePlanSettings;
import org.hearthgate.hub.plan.RemotePlans;
import org.hearthgate.hub.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub process: drivers feed observations to the alert engine on one loop thread; every reading, alarm and event
 * goes into the durable outbox; a sender thread publishes the outbox, most urgent first, and keeps re-sending until
 * the cloud's receipt confirms each message. Alarm observations jump the loop's queue, so a pendant press is never
 * behind telemetry, and alarm messages are never throttled.
 */
public final class Hub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    private static final int URGENT = 0;
    private static final int NORMAL = 1;
    /**
     * Heartbeat intervals the hub accepts from the cloud, as in hub.yaml's {@code heartbeatSeconds}: under 10 s floods
     * the broker from a fleet, over an hour leaves a dead hub unnoticed for more than three (the cloud raises "hub
     * offline" after three missed heartbeats).
     */
    static final Duration MIN_HEARTBEAT = Duration.ofSeconds(10);
    static final Duration MAX_HEARTBEAT = Duration.ofHours(1);

    private final HubSettings settings;
    private final Outbox outbox;
    private final Uplink uplink;
    private final AlertEngine engine;
    private final List<Driver> drivers;
    private final Annunciator annunciator;
    private final HubObserver observer;
    private final Clock clock;
    private final WireCodec codec = new WireCodec();
    private final Instant startedAt;

    private final PriorityBlockingQueue<Task> loopQueue = new PriorityBlockingQueue<>();
    private final AtomicLong taskSeq = new AtomicLong();
    private final ReentrantLock senderLock = new ReentrantLock();
    private final Condition senderWake = senderLock.newCondition();
    /** Alarms waiting for their receipt, by message id; only for announcements, the outbox is the durable truth. */
    private final Map<MessageId, PendingAlarm> awaitingReceipt = new ConcurrentHashMap<>();
    private final AtomicLong rejectedDown = new AtomicLong();
    private final AtomicLong refusedDown = new AtomicLong();
    private final SentMemory sent = new SentMemory();
    private volatile Duration heartbeat;
    private volatile boolean running;
    private Thread loopThread;
    private Thread senderThread;
    private final java.util.concurrent.ScheduledExecutorService timers =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hub-timers"));
    private java.util.concurrent.ScheduledFuture<?> heartbeatTask;
    /** Link events, the periodic test transmission, and the alarm fallback (SMS). */
    private final SecondPath secondPath;
    /** The care plan in force: installed, or pushed by the cloud. */
    private final RemotePlans plans;

    private record PendingAlarm(AlarmRaised alarm, Instant triggeredAt, boolean overdueAnnounced) {
    }

    public Hub(HubSettings settings, Outbox outbox, Uplink uplink, AlertEngine engine, List<Driver> drivers,
            Annunciator annunciator, HubObserver observer, Clock clock) {
        this(settings, outbox, uplink, engine, drivers, annunciator, observer, clock, SecondPath.Settings.defaults());
    }

    /** A hub that runs the engine's plan and refuses plans pushed by the cloud (it has nowhere to keep them). */
    public Hub(HubSettings settings, Outbox outbox, Uplink uplink, AlertEngine engine, List<Driver> drivers,
            Annunciator annunciator, HubObserver observer, Clock clock, SecondPath.Settings secondPathSettings) {
        this(settings, outbox, uplink, engine, drivers, annunciator, observer, clock, secondPathSettings,
                CarePlanSettings.installedOnly(engine.plan()));
    }

    /**
     * {@code carePlans} says which plan the engine was built with (its digest) and whether, and where, the hub keeps a
     * plan the cloud pushes; the engine must have been built with the installed plan.
     */
    public Hub(HubSettings settings, Outbox outbox, Uplink uplink, AlertEngine engine, List<Driver> drivers,
            Annunciator annunciator, HubObserver observer, Clock clock, SecondPath.Settings secondPathSettings,
            CarePlanSettings carePlans) {
        this.settings = settings;
        this.outbox = outbox;
        this.uplink = uplink;
        this.engine = engine;
        this.drivers = List.copyOf(drivers);
        this.annunciator = annunciator;
        this.observer = observer;
        this.clock = clock;
        this.heartbeat = settings.heartbeat();
        this.startedAt = clock.instant();
        this.plans = new RemotePlans(carePlans, engine, clock);
        this.secondPath = new SecondPath(settings.tenant(), settings.hub(), settings.resident(), secondPathSettings,
                annunciator, (event, at) -> submit(NORMAL, () -> enqueue(event,
                        OutboxEntry.EVENT + event.priority().ordinal(), at)), uplink::isConnected, clock);
    }

    public void start() {
        running = true;
        // Before any driver or message reaches the engine: a restart runs the plan the cloud pushed, if it still holds.
        RemotePlans.Resumed resumed = plans.resume();
        submit(NORMAL, () -> apply(resumed.outcomes()));
        resumed.note().ifPresent(note -> submit(NORMAL, () -> reportInstruction(Priority.LOW, note)));
        secondPath.start();
        resumeAlarmsAwaitingReceipt();
        loopThread = daemon(this::loop, "hub-loop");
        senderThread = daemon(this::sendLoop, "hub-sender");
        loopThread.start();
        senderThread.start();
        uplink.start(new Uplink.Listener() {
            @Override
            public void connected() {
                publishDirect(new HubStatus(true), true);
                // Anything sent before the link dropped may be lost in flight: send it again now.
                outbox.retryAllAt(clock.instant());
                wakeSender();
            }

            @Override
            public void disconnected(String reason) {
            }

            @Override
            public void received(String topic, byte[] payload) {
                submit(URGENT, () -> onDown(topic, payload));
            }
        });
        DriverCallback callback = new DriverCallback() {
            @Override
            public void observed(Observation observation) {
                observe(observation);
            }

            @Override
            public void event(Event event) {
                submit(URGENT, () -> onDriverEvent(event));
            }

            @Override
            public void cancelPressed() {
                Hub.this.cancelPressed();
            }
        };
        for (Driver d : drivers) {
            d.devices().forEach(device -> submit(NORMAL, () -> engine.expect(device)));
            try {
                d.start(callback);
            } catch (RuntimeException e) {
                LOG.error("driver {} failed to start: {}", d.name(), e.toString());
            }
        }
        timers.scheduleAtFixedRate(() -> submit(NORMAL, this::tick), 1, 1, TimeUnit.SECONDS);
        scheduleHeartbeat();
    }

    /**
     * After a restart (a power cut, a crash), alarms still in the outbox are still waiting for their receipt: follow
     * them again, so the resident still hears "call received", or that the call has not got through yet.
     */
    private void resumeAlarmsAwaitingReceipt() {
        for (OutboxEntry e : outbox.heldBelow(OutboxEntry.EVENT)) {
            try {
                if (codec.decode(e.payload()).body() instanceof AlarmRaised alarm) {
                    awaitingReceipt.put(e.id(), new PendingAlarm(alarm, e.createdAt(), false));
                    secondPath.alarmResumed(e.id(), alarm, e.createdAt());
                    sent.raised(alarm.alarm());
                }
            } catch (WireFormatException ex) {
                LOG.error("outbox entry {} does not decode: {}", e.id(), ex.getMessage());
            }
        }
        if (!awaitingReceipt.isEmpty()) {
            uplink.urgent(true);
            LOG.warn("{} alarm(s) from before the restart still await their receipt", awaitingReceipt.size());
        }
    }

    /** Feeds one observation in, as a driver does. Thread-safe. */
    public void observe(Observation observation) {
        submit(isAlarmTrigger(observation) ? URGENT : NORMAL, () -> onObservation(observation));
    }

    /** The resident pressed "cancel" on the hub: ends the engine's and the drivers' pending pre-alarms. */
    public void cancelPressed() {
        submit(URGENT, () -> {
            for (Driver d : drivers) {
                d.cancelPressed();
            }
            apply(engine.cancelPressed());
        });
    }

    private void onDriverEvent(Event event) {
        enqueue(event, OutboxEntry.EVENT + event.priority().ordinal(), clock.instant());
        switch (event.code()) {
            case PRE_ALARM -> annunciator.prompt("A fall was detected. If you are all right, press cancel now.",
                    true);
            case PRE_ALARM_CANCELLED -> annunciator.announce(Announcement.CANCELLED);
            default -> {
            }
        }
    }

    /** The digest of the care plan in force, as every heartbeat says: a text's SHA-256 in hex, or {@code defaults}. */
    public String carePlanInForce() {
        return plans.inForce();
    }

    public int outboxDepth() {
        return outbox.depth();
    }

    /** Down messages that did not decode or were not addressed to this hub. */
    public long rejectedDownMessages() {
        return rejectedDown.get();
    }

    /**
     * Well-formed down messages the hub refused: an ack, receipt or command about an alarm or message it never sent,
     * an unknown command, a setting it will not take. Each is also logged and, for commands and settings, reported up.
     */
    public long refusedDownMessages() {
        return refusedDown.get();
    }

    /**
     * A test alarm, as if a pendant were pressed, for installers and demos without hardware: it takes the whole alarm
     * path (outbox, cloud, console, acknowledgement back to the hub) but says TEST everywhere a person reads it.
     */
    public AlarmId testAlarm(String origin) {
        // Sent in the alarm band of the outbox like any alarm, but with the test code's priority: a test never
        // outranks a real alarm in the responders' queue.
        AlarmRaised alarm = new AlarmRaised(AlarmId.random(), settings.resident(), EventCode.TEST_TRANSMISSION,
                EventCode.TEST_TRANSMISSION.defaultPriority(), "test-alarm", null,
                "TEST alarm from " + origin + ": nobody needs help", null);
        submit(URGENT, () -> apply(new Outcome.Raise(alarm), clock.instant()));
        return alarm.alarm();
    }

    /**
     * Runs the time-driven rules now and returns once the loop has done so and everything submitted before it: for a
     * host that drives a virtual clock (the simulators' scenarios), so that days pass in seconds. The hub's own
     * once-a-second tick keeps running beside it.
     */
    public void tickNow() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        submit(NORMAL, () -> {
            try {
                tick();
            } finally {
                done.countDown();
            }
        });
        done.await();
    }

    private static boolean isAlarmTrigger(Observation o) {
        return o instanceof PendantPress || o instanceof PullCord || o instanceof FallDetected || o instanceof Hazard;
    }

    // ---- the loop thread: engine and outbox writes ----

    private void submit(int priority, Runnable work) {
        loopQueue.add(new Task(priority, taskSeq.incrementAndGet(), work));
    }

    private record Task(int priority, long seq, Runnable work) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(seq, o.seq);
        }
    }

    private void loop() {
        while (running) {
            try {
                loopQueue.take().work().run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // One bad observation or message must never stop the hub.
                LOG.error("hub loop: {}", e.toString(), e);
            }
        }
    }

    private void onObservation(Observation o) {
        Instant triggeredAt = clock.instant();
        try {
            // The engine first, so an alarm is in the outbox before its reading.
            for (Outcome outcome : engine.onObservation(o)) {
                apply(outcome, triggeredAt);
            }
        } finally {
            // Whatever the rules did, the reading itself is never lost.
            enqueue(new Reading(settings.resident(), o, triggeredAt), OutboxEntry.TELEMETRY, o.at());
        }
    }

    private void tick() {
        apply(engine.tick());
        announceOverdueAlarms();
        secondPath.tick();
    }

    private void apply(List<Outcome> outcomes) {
        Instant now = clock.instant();
        for (Outcome o : outcomes) {
            apply(o, now);
        }
    }

    private void apply(Outcome outcome, Instant triggeredAt) {
        switch (outcome) {
            case Outcome.Raise r -> {
                AlarmRaised alarm = r.alarm();
                MessageId id = enqueue(alarm, OutboxEntry.ALARM + alarm.priority().ordinal(), triggeredAt);
                awaitingReceipt.put(id, new PendingAlarm(alarm, triggeredAt, false));
                uplink.urgent(true);
                sent.raised(alarm.alarm());
                annunciator.announce(Announcement.ALARM_RAISED);
                observer.alarmRaised(alarm, triggeredAt);
                secondPath.alarmRaised(id, alarm, triggeredAt);
            }
            case Outcome.Update u -> {
                AlarmUpdate update = u.update();
                enqueue(update, OutboxEntry.ALARM + update.priority().ordinal(), triggeredAt);
                if (update.state() == AlarmState.CANCELLED) {
                    annunciator.announce(Announcement.CANCELLED);
                }
            }
            case Outcome.Notify n -> enqueue(n.event(), OutboxEntry.EVENT + n.event().priority().ordinal(),
                    triggeredAt);
            case Outcome.Prompt p -> annunciator.prompt(p.text(), p.cancellable());
        }
    }

    private MessageId enqueue(Payload body, int rank, Instant at) {
        // An alarm's id follows from its alarm id, so its SMS copy (SmsAlarmCodec) is the same message to the cloud.
        MessageId id = body instanceof AlarmRaised a ? MessageId.forAlarm(settings.tenant(), settings.hub(), a.alarm())
                : MessageId.random();
        String topic = Topics.of(settings.tenant(), settings.hub(), body.channel()).path();
        boolean stored = outbox.append(new OutboxEntry.Draft(id, rank, topic, clock.instant(),
                seq -> codec.encode(new Message(Message.SCHEMA_VERSION, id, settings.hub(), seq, at, body))));
        if (!stored) {
            LOG.warn("outbox full of alarms and events: a {} was not stored", body.channel().level());
        }
        wakeSender();
        return id;
    }

    private void announceOverdueAlarms() {
        Instant now = clock.instant();
        awaitingReceipt.replaceAll((id, p) -> {
            if (!p.overdueAnnounced() && now.isAfter(p.triggeredAt().plus(settings.alarmOverdue()))) {
                annunciator.announce(Announcement.NO_CONNECTION);
                observer.alarmOverdue(p.alarm());
                LOG.warn("alarm {} has no receipt after {}; still trying", p.alarm().alarm(), settings.alarmOverdue());
                return new PendingAlarm(p.alarm(), p.triggeredAt(), true);
            }
            return p;
        });
    }

    private void onDown(String topic, byte[] payload) {
        Topic parsed = null;
        Message m;
        try {
            parsed = Topics.parse(topic);
            m = codec.decode(parsed, payload);
        } catch (WireFormatException e) {
            rejectedDown.incrementAndGet();
            LOG.warn("rejected a down message on {}: {}", topic, e.getMessage());
            if (parsed != null && (parsed.channel() == Channel.CONFIG || parsed.channel() == Channel.COMMAND)) {
                // The cloud must learn that its instruction did not apply; validation messages name fields and
                // bounds only, never a person.
                reportInstruction(Priority.LOW, parsed.channel().level() + " refused: " + e.getMessage());
            }
            return;
        }
        if (!m.hub().equals(settings.hub())) {
            rejectedDown.incrementAndGet();
            LOG.warn("rejected a down message on {}: addressed to another hub", topic);
            return;
        }
        switch (m.body()) {
            case Receipt r -> onReceipt(m.id(), r);
            case Ack a -> onAck(m.id(), a);
            case ConfigUpdate c -> onConfig(m.id(), c);
            case Command c -> onCommand(m.id(), c);
            default -> {
                rejectedDown.incrementAndGet();
                LOG.warn("ignored an up-channel payload on a down topic: {}", m.body().channel());
            }
        }
    }

    /** Counts and logs a down message the hub will not act on; the log names the message, never a person. */
    private void refuse(Channel channel, MessageId message, String why) {
        refusedDown.incrementAndGet();
        LOG.warn("refused a {} from the cloud (message {}): {}", channel.level(), message, why);
    }

    /** Tells the cloud what the hub did with an instruction, as an event it stores like any other. */
    private void reportInstruction(Priority priority, String detail) {
        enqueue(new Event(settings.resident(), EventCode.REMOTE_INSTRUCTION, priority, null,
                detail.length() > 200 ? detail.substring(0, 200) : detail), OutboxEntry.EVENT + priority.ordinal(),
                clock.instant());
    }

    private void onAck(MessageId message, Ack a) {
        if (!sent.knows(a.alarm())) {
            refuse(Channel.ACK, message, "alarm " + a.alarm() + " was not raised by this hub");
            return;
        }
        annunciator.announce(a.state() == AlarmState.RESOLVED ? Announcement.ALARM_RESOLVED
                : Announcement.HELP_ON_THE_WAY);
        engine.closed(a.alarm(), a.state());
        observer.ackReceived(a, clock.instant());
    }

    private void onConfig(MessageId message, ConfigUpdate c) {
        if (c.heartbeatS() != null) {
            Duration wanted = Duration.ofSeconds(c.heartbeatS());
            if (wanted.compareTo(MIN_HEARTBEAT) < 0 || wanted.compareTo(MAX_HEARTBEAT) > 0) {
                refuse(Channel.CONFIG, message, "heartbeat " + c.heartbeatS() + " s is outside "
                        + MIN_HEARTBEAT.toSeconds() + ".." + MAX_HEARTBEAT.toSeconds() + " s");
                reportInstruction(Priority.LOW, "config refused: heartbeatS " + c.heartbeatS() + " is outside "
                        + MIN_HEARTBEAT.toSeconds() + ".." + MAX_HEARTBEAT.toSeconds());
            } else {
                LOG.info("heartbeat interval set by the cloud: {} s (was {} s)", wanted.toSeconds(),
                        heartbeat.toSeconds());
                heartbeat = wanted;
                // The cloud expects the next heartbeat within 3 of the intervals the last one announced: announce
                // the new interval now, or a longer one would trip its hub-offline supervision.
                timers.execute(() -> {
                    sendHeartbeat();
                    scheduleHeartbeat();
                });
                reportInstruction(Priority.INFO, "config applied: heartbeatS " + c.heartbeatS());
            }
        }
        if (c.carePlanYaml() != null) {
            onCarePlan(message, c.carePlanYaml());
        }
    }

    /**
     * A care plan from the cloud's editor (versioned and audited there, validated by the same parser): kept, swapped
     * into the running engine, confirmed as an event and at once in a heartbeat, so the person who pushed it sees the
     * hub run it. Unless hub.yaml says {@code remoteCarePlans: false}; a plan that does not validate changes nothing.
     */
    private void onCarePlan(MessageId message, String yaml) {
        switch (plans.offer(yaml)) {
            case RemotePlans.Offer.Applied a -> {
                apply(a.outcomes());
                if (a.again()) {
                    LOG.info("care plan {} from the cloud is already in force; confirmed again",
                            RemotePlans.shortDigest(a.digest()));
                }
                reportInstruction(Priority.INFO, "config applied: carePlan " + a.digest());
                timers.execute(this::sendHeartbeat);
            }
            case RemotePlans.Offer.Refused r -> {
                String about = "carePlan " + RemotePlans.shortDigest(r.digest()) + ": " + r.reason();
                refuse(Channel.CONFIG, message, about);
                reportInstruction(Priority.LOW, "config refused: " + about);
            }
        }
    }

    private void onReceipt(MessageId message, Receipt r) {
        int confirmed = outbox.confirm(r.refs());
        if (confirmed == 0 && !sent.confirmedAny(r.refs())) {
            refuse(Channel.RECEIPT, message, r.refs().size() + " message(s) this hub never sent or no longer holds");
            return;
        }
        sent.confirmed(r.refs());
        if (r.status() == Receipt.Status.REJECTED) {
            LOG.error("the cloud rejected {} message(s): {}", r.refs().size(), r.reason());
        }
        Instant now = clock.instant();
        for (MessageId ref : r.refs()) {
            secondPath.receipted(ref);
            PendingAlarm p = awaitingReceipt.remove(ref);
            if (p != null) {
                annunciator.announce(Announcement.CALL_RECEIVED);
                observer.alarmReceipted(p.alarm(), p.triggeredAt(), now);
            }
        }
        uplink.urgent(!awaitingReceipt.isEmpty());
        LOG.debug("receipt for {} message(s), {} still held", r.refs().size(), confirmed);
    }

    private void onCommand(MessageId message, Command c) {
        String about = c.args().get("alarm");
        if (about != null && !knowsAlarm(about)) {
            refuse(Channel.COMMAND, message, "command '" + c.name() + "' names an alarm not raised by this hub");
            reportInstruction(Priority.LOW, "command refused: " + c.name() + " names an alarm not raised here");
            return;
        }
        switch (c.name()) {
            case "test-transmission" -> enqueue(new Event(settings.resident(), EventCode.TEST_TRANSMISSION,
                    EventCode.TEST_TRANSMISSION.defaultPriority(), null, "requested by the cloud"),
                    OutboxEntry.EVENT, clock.instant());
            case "away-on", "away-off" -> {
                boolean away = c.name().equals("away-on");
                engine.setAway(away);
                LOG.info("the cloud set away mode {}", away ? "on" : "off");
                reportInstruction(Priority.INFO, "command applied: " + c.name());
            }
            default -> {
                refuse(Channel.COMMAND, message, "unknown command '" + c.name() + "'");
                reportInstruction(Priority.LOW, "command refused: unknown command " + c.name());
            }
        }
    }

    private boolean knowsAlarm(String id) {
        try {
            return sent.knows(AlarmId.of(id));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---- heartbeat and status: live state, published directly, never queued ----

    private void scheduleHeartbeat() {
        if (heartbeatTask != null) {
            heartbeatTask.cancel(false);
        }
        long ms = heartbeat.toMillis();
        heartbeatTask = timers.scheduleAtFixedRate(this::sendHeartbeat, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void sendHeartbeat() {
        try {
            Instant now = clock.instant();
            long oldest = outbox.oldestCreated().map(t -> Duration.between(t, now).toSeconds()).orElse(0L);
            publishDirect(new Heartbeat((int) heartbeat.toSeconds(), Duration.between(startedAt, now).toSeconds(),
                    outbox.depth(), Math.max(0, oldest), settings.firmware(), plans.inForce()), false);
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed: {}", e.toString());
        }
    }

    private void publishDirect(Payload body, boolean retained) {
        Message m = new Message(Message.SCHEMA_VERSION, MessageId.random(), settings.hub(), outbox.nextSeq(),
                clock.instant(), body);
        uplink.publish(Topics.of(settings.tenant(), settings.hub(), body.channel()).path(), codec.encode(m), retained);
    }

    /** The Last Will: "offline", retained, published by the broker if the hub vanishes. */
    public static byte[] lastWill(HubSettings settings, Clock clock) {
        return new WireCodec().encode(new Message(Message.SCHEMA_VERSION, MessageId.random(), settings.hub(), 0,
                clock.instant(), new HubStatus(false)));
    }

    public static String statusTopic(HubSettings settings) {
        return Topics.of(settings.tenant(), settings.hub(), Channel.STATUS).path();
    }

    // ---- the sender thread ----

    private void wakeSender() {
        senderLock.lock();
        try {
            senderWake.signalAll();
        } finally {
            senderLock.unlock();
        }
    }

    private void sendLoop() {
        double telemetryTokens = settings.telemetryPerSecond();
        Instant lastRefill = clock.instant();
        while (running) {
            try {
                Instant now = clock.instant();
                telemetryTokens = Math.min(settings.telemetryPerSecond(), telemetryTokens
                        + Duration.between(lastRefill, now).toMillis() * settings.telemetryPerSecond() / 1000.0);
                lastRefill = now;
                boolean sentAny = false;
                if (uplink.isConnected()) {
                    // Small batches, re-read each round: a new alarm overtakes whatever backlog is left.
                    for (OutboxEntry e : outbox.due(now, 8)) {
                        if (e.isTelemetry() && telemetryTokens < 1) {
                            break;
                        }
                        if (!uplink.publish(e.topic(), e.payload(), false)) {
                            break;
                        }
                        sentAny = true;
                        if (e.isTelemetry()) {
                            telemetryTokens--;
                        }
                        outbox.attempted(e.id(), now.plus(retryDelay(e)));
                    }
                }
                if (!sentAny) {
                    awaitWork();
                }
            } catch (RuntimeException e) {
                LOG.error("sender: {}", e.toString());
                awaitWork();
            }
        }
    }

    private Duration retryDelay(OutboxEntry e) {
        Duration base = e.rank() < OutboxEntry.EVENT ? settings.alarmRetry() : settings.telemetryRetry();
        // An alarm without its receipt is re-sent at least every 5 s: a relay that has just come back (or a broker that
        // lost its sessions) must not leave it waiting half a minute. It is one small message.
        Duration cap = e.rank() < OutboxEntry.EVENT ? Duration.ofSeconds(5) : Duration.ofMinutes(5);
        Duration d = base.multipliedBy(1L << Math.min(e.attempts(), 10));
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private void awaitWork() {
        senderLock.lock();
        try {
            senderWake.await(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            senderLock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        timers.shutdownNow();
        secondPath.close();
        publishOffline();
        for (Driver d : drivers) {
            d.close();
        }
        if (loopThread != null) {
            loopThread.interrupt();
        }
        if (senderThread != null) {
            senderThread.interrupt();
        }
        uplink.close();
        outbox.close();
    }

    /**
     * A hub that stops on purpose (SIGTERM, a service restart) says so itself: a clean MQTT disconnect discards the
     * Last Will, so without this the retained status would read "online" for a hub that is gone.
     */
    private void publishOffline() {
        try {
            if (uplink.isConnected()) {
                publishDirect(new HubStatus(false), true);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not publish the offline status: {}", e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
