package org.hearthgate.relay.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearthgate.relay.escalation.Fixture.ALEX_SMS;
import static org.hearthgate.relay.escalation.Fixture.OLU_SMS;
import static org.hearthgate.relay.escalation.Fixture.PAT_EMAIL;
import static org.hearthgate.relay.escalation.Fixture.RAO_EMAIL;
import static org.hearthgate.relay.escalation.Fixture.SAM_SMS;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.PostgresServer;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.notify.Delivery;
import org.hearthgate.relay.notify.Outgoing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The escalation engine against a real PostgreSQL and a SQLite file, driven by a manual clock. */
class EscalationEngineIT {
    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    private static void advance(Fixture f, EscalationEngine engine, Duration by) {
        f.clock.advance(by);
        engine.tick();
    }

    private static List<String> kinds(EscalationEngine engine, AlarmId alarm) {
        return engine.timeline(alarm).stream().map(TimelineEntry::kind).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void anUnacknowledgedAlarmEscalatesStepByStepRepeatsAndEndsWithTheFinalStep(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var sms = new RecordingNotifier(Channel.SMS);
            var email = new RecordingNotifier(Channel.EMAIL);
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(sms, email);

            engine.tick();
            assertThat(sms.sent()).extracting(Outgoing::address).containsExactly(OLU_SMS);
            assertThat(sms.sent().get(0).text()).isEqualTo("Alarm: Margaret S. pressed the alarm button at 03:12."
                    + " Nobody has taken it on yet. Please answer it in the console.");

            advance(f, engine, Duration.ofSeconds(59));
            assertThat(sms.sent()).hasSize(1);
            advance(f, engine, Duration.ofSeconds(1));
            // One step's messages go out in parallel, in any order.
            assertThat(sms.sent().subList(1, 3)).extracting(Outgoing::address).containsExactlyInAnyOrder(SAM_SMS,
                    ALEX_SMS);
            assertThat(sms.sentTo(SAM_SMS).get(0).text()).startsWith("Mum pressed the alarm button at 03:12. The care"
                    + " team has been told and is calling Mum.");
            assertThat(sms.sentTo(ALEX_SMS).get(0).text()).as("an emergency overrides quiet hours")
                    .startsWith("Gran pressed the alarm button at 03:12.");

            advance(f, engine, Duration.ofSeconds(119));
            assertThat(sms.sent()).hasSize(3);
            advance(f, engine, Duration.ofSeconds(1));
            assertThat(sms.sent()).as("the chain again").hasSize(4).last().extracting(Outgoing::address)
                    .isEqualTo(OLU_SMS);
            advance(f, engine, Duration.ofSeconds(60));
            assertThat(sms.sent()).hasSize(6);
            assertThat(email.sent()).isEmpty();
            advance(f, engine, Duration.ofSeconds(120));
            assertThat(email.sent()).extracting(Outgoing::address).containsExactly(PAT_EMAIL);
            assertThat(email.sent().get(0).text()).startsWith("Unanswered alarm: Margaret S. pressed the alarm");

            for (int i = 0; i < 5; i++) {
                advance(f, engine, Duration.ofMinutes(10));
            }
            assertThat(sms.sent()).hasSize(6);
            assertThat(email.sent()).hasSize(1);
            assertThat(sms.sent()).extracting(Outgoing::idempotencyKey).doesNotHaveDuplicates();
            assertThat(kinds(engine, alarm)).containsSubsequence("escalation.started", "step.notify",
                    "notification.queued", "step.wait", "notification.sent", "step.notify", "step.wait",
                    "escalation.repeat", "step.notify", "step.final", "notification.sent");
            assertThat(engine.notifications(alarm)).extracting(NotificationStatus::status).containsOnly("sent");
            assertThat(sms.sent()).allSatisfy(o -> assertThat(o.text()).doesNotContain("Smith", "PERSONAL_TRIGGER"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void theChainStopsAtTheFirstAcknowledgement(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId alarm = f.raise(EventCode.FALL_DETECTED, Priority.CRITICAL);
            EscalationEngine engine = f.engine(sms, new RecordingNotifier(Channel.EMAIL));
            engine.tick();
            assertThat(sms.sent()).hasSize(1);

            f.actions.acknowledge(alarm, "olu", "answered the call", f.clock.instant());
            for (int i = 0; i < 10; i++) {
                advance(f, engine, Duration.ofMinutes(1));
            }
            assertThat(sms.sent()).hasSize(1);
            assertThat(engine.timeline(alarm)).last().satisfies(e -> {
                assertThat(e.kind()).isEqualTo("escalation.stopped");
                assertThat(e.detail()).isEqualTo("acknowledged by olu");
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aMessageQueuedBeforeTheAcknowledgementIsNotSentAfterIt(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var sms = new RecordingNotifier(Channel.SMS);
            // The gateway is down for the first attempt, the alarm is taken on before the retry.
            sms.answer(OLU_SMS, new Delivery.Transient("gateway down", null));
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(sms);
            engine.tick();
            f.actions.acknowledge(alarm, "resp-1", null, f.clock.instant());
            advance(f, engine, Duration.ofMinutes(1));
            assertThat(sms.sent()).isEmpty();
            assertThat(engine.notifications(alarm)).extracting(NotificationStatus::status).containsOnly("cancelled");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void twoRelaysTickingTogetherRunEveryStepOnceAndNotifyNobodyTwice(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres); Database second = f.sameDatabaseAgain();
                ExecutorService relays = Executors.newFixedThreadPool(2)) {
            List<Outgoing> sent = new CopyOnWriteArrayList<>();
            EscalationEngine a = f.engine(f.db, "relay-a", null, new RecordingNotifier(Channel.SMS, sent),
                    new RecordingNotifier(Channel.EMAIL, sent));
            EscalationEngine b = f.engine(second, "relay-b", null, new RecordingNotifier(Channel.SMS, sent),
                    new RecordingNotifier(Channel.EMAIL, sent));
            List<AlarmId> alarms = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                alarms.add(f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL));
            }
            List<Callable<EscalationEngine.Round>> both = List.of(a::tick, b::tick);
            for (int second10 = 0; second10 <= 60; second10++) {
                for (Future<EscalationEngine.Round> round : relays.invokeAll(both)) {
                    round.get();
                }
                f.clock.advance(Duration.ofSeconds(10));
            }
            // Per alarm: on-call twice, two family members twice, the manager once.
            assertThat(sent).hasSize(alarms.size() * 7);
            assertThat(sent).extracting(Outgoing::idempotencyKey).doesNotHaveDuplicates();
            Map<String, Long> perAlarm = sent.stream().collect(Collectors.groupingBy(
                    o -> o.idempotencyKey().substring(0, o.idempotencyKey().indexOf('/')), Collectors.counting()));
            assertThat(perAlarm).hasSize(alarms.size()).allSatisfy((alarm, n) -> assertThat(n).isEqualTo(7));
            for (AlarmId alarm : alarms) {
                Map<String, Long> kinds = kinds(a, alarm).stream().collect(Collectors.groupingBy(Function.identity(),
                        Collectors.counting()));
                assertThat(kinds).containsEntry("escalation.started", 1L).containsEntry("step.notify", 4L)
                        .containsEntry("step.final", 1L).containsEntry("notification.sent", 7L);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aTransientSmsFailureIsRetriedAndSentOnce(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres); HttpSmsGateway gateway = new HttpSmsGateway()) {
            gateway.script(OLU_SMS, 500, 201);
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(gateway.notifier());
            engine.tick();
            String key = alarm.value() + "/0/0/olu/SMS";
            assertThat(f.notificationStatus(key)).isEqualTo("queued/1/gateway answered 500");
            advance(f, engine, Duration.ofSeconds(4));
            assertThat(gateway.requests()).hasSize(1);
            advance(f, engine, Duration.ofSeconds(1));
            assertThat(gateway.requests()).extracting(HttpSmsGateway.Request::answered).containsExactly(500, 201);
            assertThat(gateway.requests()).extracting(HttpSmsGateway.Request::key).containsOnly(key);
            assertThat(f.notificationStatus(key)).isEqualTo("sent/2/null");
            for (int i = 0; i < 5; i++) {
                advance(f, engine, Duration.ofSeconds(10));
            }
            assertThat(gateway.accepted(OLU_SMS)).hasSize(1);
            assertThat(kinds(engine, alarm)).containsSubsequence("notification.retry", "notification.sent");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aPermanentSmsFailureIsRecordedAndTheNextStepTakenAtOnce(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres); HttpSmsGateway gateway = new HttpSmsGateway()) {
            gateway.script(OLU_SMS, 400);
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(gateway.notifier());
            engine.tick();
            assertThat(f.notificationStatus(alarm.value() + "/0/0/olu/SMS")).isEqualTo("failed/1/gateway answered 400");
            engine.tick();
            assertThat(gateway.accepted(SAM_SMS)).as("nobody could be told: the family step without waiting")
                    .hasSize(1);
            assertThat(gateway.requests().stream().filter(r -> r.to().equals(OLU_SMS))).hasSize(1);
            assertThat(kinds(engine, alarm)).containsSubsequence("notification.failed", "escalation.hurried",
                    "step.notify");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void quietHoursHoldBackAnythingButAnEmergency(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId alarm = f.raise(EventCode.INACTIVITY, Priority.HIGH);
            EscalationEngine engine = f.engine(sms, new RecordingNotifier(Channel.EMAIL));
            engine.tick();
            advance(f, engine, Duration.ofSeconds(60));
            assertThat(sms.sent()).extracting(Outgoing::address).containsExactly(OLU_SMS, SAM_SMS);
            assertThat(f.notificationStatus(alarm.value() + "/0/2/alex/SMS"))
                    .isEqualTo("skipped/0/quiet hours (not an emergency)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void anAdvisoryWaitsForWorkingHoursAndNeverReachesTheFamily(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var email = new RecordingNotifier(Channel.EMAIL);
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId alarm = f.raise(EventCode.MISSED_MEASUREMENT, Priority.LOW);
            EscalationEngine engine = f.engine(sms, email);
            engine.tick();
            advance(f, engine, Duration.ofHours(5));
            assertThat(email.sent()).isEmpty();
            f.clock.set(Instant.parse("2026-12-02T09:00:00Z"));
            engine.tick();
            assertThat(email.sent()).extracting(Outgoing::address).containsExactly(RAO_EMAIL);
            advance(f, engine, Duration.ofHours(1));
            assertThat(email.sent()).extracting(Outgoing::address).containsExactly(RAO_EMAIL, PAT_EMAIL);
            assertThat(sms.sent()).isEmpty();
            assertThat(kinds(engine, alarm)).contains("step.gate");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aRestartedRelayCarriesOnWhereTheLastStoppedAndSendsNothingTwice(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            List<Outgoing> sent = new CopyOnWriteArrayList<>();
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            f.engine(new RecordingNotifier(Channel.SMS, sent)).tick();
            assertThat(sent).hasSize(1);

            // A relay that could not reach the gateway for the family step, then died holding Sam's message (claimed
            // for its second attempt) before the gateway answered.
            f.clock.advance(Duration.ofSeconds(60));
            var dying = new RecordingNotifier(Channel.SMS).answer(SAM_SMS, new Delivery.Transient("timeout", null))
                    .answer(ALEX_SMS, new Delivery.Transient("timeout", null));
            f.engine(f.db, "relay-dying", null, dying).tick();
            f.db.inTransaction(c -> c.createStatement().executeUpdate("UPDATE notifications SET status = 'sending'"
                    + " WHERE notification_key = '" + alarm.value() + "/0/2/sam/SMS'"));

            try (Database restarted = f.sameDatabaseAgain()) {
                EscalationEngine engine = f.engine(restarted, "relay-restarted", null,
                        new RecordingNotifier(Channel.SMS, sent), new RecordingNotifier(Channel.EMAIL, sent));
                advance(f, engine, Duration.ofSeconds(5));
                assertThat(sent).extracting(Outgoing::address).as("Alex's SMS was still queued for a retry")
                        .containsExactly(OLU_SMS, ALEX_SMS);
                advance(f, engine, EscalationEngine.Settings.DEFAULT.sendingLease().plusSeconds(1));
                assertThat(f.notificationStatus(alarm.value() + "/0/2/sam/SMS"))
                        .as("never re-sent to a person").startsWith("unknown/");
                for (int i = 0; i < 10; i++) {
                    advance(f, engine, Duration.ofMinutes(1));
                }
                assertThat(sent).extracting(Outgoing::idempotencyKey).doesNotHaveDuplicates();
                assertThat(sent).hasSize(6);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void resolvingTellsTheFamilyWhoWereToldTheOutcome(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(sms);
            engine.tick();
            advance(f, engine, Duration.ofSeconds(60));
            f.clock.set(Instant.parse("2026-12-02T03:40:00Z"));
            var result = new Resolutions(f.db, f.directory, f.actions, f.clock).resolve(alarm,
                    Outcome.VISITED_RESIDENT_OK, "BP 128/80, no injury", "sam.responder", "Sam from the care team");
            assertThat(result).isEqualTo(new Resolutions.Result(true, 2));
            engine.tick();
            assertThat(sms.sentTo(SAM_SMS)).last().extracting(Outgoing::text)
                    .isEqualTo("Sam from the care team visited Mum at 03:40: Mum is fine.");
            assertThat(sms.sentTo(ALEX_SMS)).last().extracting(Outgoing::text)
                    .isEqualTo("Sam from the care team visited Gran at 03:40: Gran is fine.");
            assertThat(sms.sentTo(OLU_SMS)).hasSize(1);
            assertThat(f.actions.hubHeard).containsExactly(alarm.value() + ": VISITED_RESIDENT_OK");
            assertThat(f.state(alarm)).startsWith("RESOLVED");
            assertThat(kinds(engine, alarm)).containsSubsequence("escalation.stopped", "outcome");
            assertThat(new Resolutions(f.db, f.directory, f.actions, f.clock).resolve(alarm, Outcome.FALSE_ALARM,
                    null, "x", "x")).isEqualTo(new Resolutions.Result(false, 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void policiesAreStoredPerTenantWithResidentOverrides(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            PolicySet set = PolicyFormat.parse(Fixture.POLICIES + """
                    residents:
                      r-1: { MEDIUM: advisory }
                    """);
            PolicyStore store = new PolicyStore(f.db, f.clock);
            store.save(Fixture.TENANT, set);
            PolicySet loaded = store.load(Fixture.TENANT).orElseThrow();
            assertThat(loaded).isEqualTo(set);
            assertThat(loaded.policyFor("r-1", Priority.MEDIUM).name()).isEqualTo("advisory");
            assertThat(loaded.policyFor("r-2", Priority.MEDIUM).name()).isEqualTo("night");
            assertThat(store.load(org.hearthgate.contract.TenantId.of("t2"))).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void oneAlarmWhoseStepFailsDoesNotHoldUpTheOthers(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId stuck = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL, ResidentId.of("r-broken"));
            f.directory.breakFor(ResidentId.of("r-broken"));
            f.clock.advance(Duration.ofSeconds(1));
            f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(sms);
            engine.tick();
            assertThat(sms.sent()).extracting(Outgoing::address).containsExactly(OLU_SMS);
            assertThat(kinds(engine, stuck)).containsExactly("escalation.started", "step.error");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void theSchedulerThreadRunsTheChainWhenKicked(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var sms = new RecordingNotifier(Channel.SMS);
            try (EscalationEngine engine = f.engine(sms)) {
                engine.start();
                f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
                engine.kick();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sms.sent().size() == 1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void anAlarmReceivingCentreWebhookEndsTheChainAndIsSentAgainIfARelayDiedMidSend(String dialect)
            throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            new PolicyStore(f.db, f.clock).save(Fixture.TENANT, PolicyFormat.parse(Fixture.POLICIES.replace(
                    "repeat: 1\n    final: { notify: SERVICE_MANAGER, via: [EMAIL] }",
                    "final: { notify: 'webhook:https://arc.example/in', via: [WEBHOOK] }")));
            var webhook = new RecordingNotifier(Channel.WEBHOOK).answer("https://arc.example/in",
                    new Delivery.Transient("timeout", null));
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId alarm = f.raise(EventCode.FALL_DETECTED, Priority.CRITICAL);
            EscalationEngine engine = f.engine(sms, webhook);
            engine.tick();
            advance(f, engine, Duration.ofSeconds(60));
            advance(f, engine, Duration.ofSeconds(120));
            // The first attempt timed out; a relay claimed the second and died before the receiver answered.
            String key = alarm.value() + "/0/final/webhook:https://arc.example/in/WEBHOOK";
            f.db.inTransaction(c -> c.createStatement().executeUpdate("UPDATE notifications SET status = 'sending'"
                    + " WHERE notification_key = '" + key + "'"));
            advance(f, engine, EscalationEngine.Settings.DEFAULT.sendingLease().plusSeconds(1));
            assertThat(webhook.sent()).hasSize(1).first().satisfies(o -> {
                assertThat(o.idempotencyKey()).isEqualTo(key);
                assertThat(o.address()).isEqualTo("https://arc.example/in");
                assertThat(o.data()).containsEntry("alarmId", alarm.value()).containsEntry("code", "FALL_DETECTED")
                        .containsEntry("scaipStatus", "0009").containsEntry("priority", 1);
            });
            assertThat(kinds(engine, alarm)).containsSubsequence("step.final", "notification.retry",
                    "notification.resend", "notification.sent");

            assertThat(engine.receipt(Channel.SMS, "ref-" + alarm.value() + "/0/0/olu/SMS",
                    EscalationEngine.Receipt.DELIVERED, null)).isTrue();
            assertThat(f.notificationStatus(alarm.value() + "/0/0/olu/SMS")).startsWith("delivered/");
            assertThat(engine.receipt(Channel.SMS, "no-such-ref", EscalationEngine.Receipt.READ, null)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void aStepThatReachesNobodyIsNotWaitedFor(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            // Margaret has no neighbours in her circle.
            new PolicyStore(f.db, f.clock).save(Fixture.TENANT, PolicyFormat.parse(Fixture.POLICIES.replace(
                    "notify: ON_CALL", "notify: NEIGHBOUR")));
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(sms);
            engine.tick();
            assertThat(sms.sent()).extracting(Outgoing::address).containsExactlyInAnyOrder(SAM_SMS, ALEX_SMS);
            assertThat(kinds(engine, alarm)).containsSubsequence("step.nobody", "step.wait-skipped", "step.notify",
                    "step.wait");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void anAlarmCancelledAtHomeStopsTheChainAndTheFamilyWhoWereToldHearSo(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(sms);
            engine.tick();
            advance(f, engine, Duration.ofSeconds(60));
            f.db.inTransaction(c -> c.createStatement().executeUpdate("UPDATE alarms SET state = 'CANCELLED'"
                    + " WHERE alarm_id = '" + alarm.value() + "'"));
            advance(f, engine, Duration.ofSeconds(60));
            engine.tick();
            assertThat(sms.sentTo(SAM_SMS)).last().extracting(Outgoing::text)
                    .isEqualTo("Mum cancelled the alarm at 03:14: nothing was wrong.");
            assertThat(sms.sentTo(OLU_SMS)).hasSize(1);
            for (int i = 0; i < 5; i++) {
                advance(f, engine, Duration.ofMinutes(1));
            }
            assertThat(sms.sent()).hasSize(5);
        }
    }
}
