package org.hearthgate.relay.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearthgate.relay.escalation.Fixture.ALEX_SMS;
import static org.hearthgate.relay.escalation.Fixture.OLU_SMS;
import static org.hearthgate.relay.escalation.Fixture.SAM_SMS;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.db.PostgresServer;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.notify.Outgoing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The "I'm going" page through a real Vert.x server, on both databases. */
class AttendLinksIT {
    private static final Pattern LINK = Pattern.compile("https://care\\.example(/attend/[A-Za-z0-9_.-]+)");
    private static PostgresServer postgres;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        postgres.close();
    }

    private record Page(int status, String body) {
    }

    private static final class Browser {
        private final HttpClient http = HttpClient.newHttpClient();
        private final String base;

        Browser(int port) {
            base = "http://127.0.0.1:" + port;
        }

        Page get(String path) throws Exception {
            var r = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.body());
        }

        Page answer(String path, String answer) throws Exception {
            var r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("answer=" + answer)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.body());
        }
    }

    private static String linkIn(Outgoing sms) {
        Matcher m = LINK.matcher(sms.text());
        assertThat(m.find()).as("a link in: " + sms.text()).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "sqlite"})
    void theFirstImGoingAcknowledgesTellsTheOthersStopsTheChainAndTheLinkRefusesMisuse(String dialect)
            throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            AttendLinks links = f.links();
            Router router = Router.router(vertx);
            links.mount(router);
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            try {
                Browser browser = new Browser(server.actualPort());
                var sms = new RecordingNotifier(Channel.SMS);
                AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
                AlarmId other = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
                EscalationEngine engine = f.engine(f.db, "relay-1", links, sms);
                engine.tick();
                f.clock.advance(Duration.ofSeconds(60));
                engine.tick();
                String samLink = linkIn(sms.sentTo(SAM_SMS).stream()
                        .filter(o -> o.idempotencyKey().startsWith(alarm.value())).findFirst().orElseThrow());
                String alexLink = linkIn(sms.sentTo(ALEX_SMS).stream()
                        .filter(o -> o.idempotencyKey().startsWith(alarm.value())).findFirst().orElseThrow());
                assertThat(sms.sentTo(OLU_SMS)).allSatisfy(o -> assertThat(o.text()).doesNotContain("/attend/"));

                Page page = browser.get(samLink);
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.body()).contains("Mum pressed the alarm button at 03:12", "I&#8217;m going",
                        "I can&#8217;t go").doesNotContain("Margaret", "Smith", "r-1");

                Page tampered = browser.answer(samLink.substring(0, samLink.length() - 2)
                        + (samLink.endsWith("AA") ? "BB" : "AA"), "going");
                assertThat(tampered.status()).isEqualTo(403);
                assertThat(tampered.body()).contains("We do not recognise this link");

                // Sam's signed payload with the other alarm's id in it: the signature no longer matches.
                String token = samLink.substring("/attend/".length());
                String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                        StandardCharsets.UTF_8).replace(alarm.value(), other.value());
                String swapped = "/attend/" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        payload.getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));
                assertThat(browser.answer(swapped, "going").status()).isEqualTo(403);
                // A genuinely signed link for someone the chain never told about that alarm.
                String mintedForOther = links.linkFor(AlarmId.of(other.value()), "rao", f.clock.instant())
                        .substring("https://care.example".length());
                assertThat(browser.answer(mintedForOther, "going").status()).isEqualTo(403);
                assertThat(f.state(alarm)).isEqualTo("RECEIVED");

                Page going = browser.answer(samLink, "going");
                assertThat(going.status()).isEqualTo(200);
                assertThat(going.body()).contains("Thank you, Sam");
                assertThat(f.state(alarm)).isEqualTo("ACKNOWLEDGED by Sam Patel (family)");
                assertThat(f.actions.hubHeard).containsExactly(alarm.value() + ": help is on the way");

                Page again = browser.answer(samLink, "going");
                assertThat(again.status()).isEqualTo(410);
                assertThat(again.body()).contains("You have already answered");
                assertThat(browser.get(samLink).status()).isEqualTo(410);

                Page late = browser.answer(alexLink, "going");
                assertThat(late.body()).contains("you do not need to go to Gran");
                assertThat(f.actions.hubHeard).hasSize(1);

                engine.tick();
                assertThat(sms.sentTo(ALEX_SMS)).last().extracting(Outgoing::text)
                        .isEqualTo("Sam is on the way to Gran. Thank you, nobody else needs to go.");
                assertThat(sms.sentTo(OLU_SMS).stream().filter(o -> o.idempotencyKey().startsWith(alarm.value())))
                        .last().extracting(Outgoing::text)
                        .isEqualTo("Sam Patel (family) is on the way to Margaret S."
                                + " Thank you, nobody else needs to go.");
                assertThat(sms.sentTo(SAM_SMS).stream().filter(o -> o.idempotencyKey().startsWith(alarm.value())))
                        .hasSize(1);

                int before = (int) sms.sent().stream().filter(o -> o.idempotencyKey().startsWith(alarm.value()))
                        .count();
                for (int i = 0; i < 10; i++) {
                    f.clock.advance(Duration.ofMinutes(1));
                    engine.tick();
                }
                assertThat(sms.sent().stream().filter(o -> o.idempotencyKey().startsWith(alarm.value())))
                        .as("the chain stopped").hasSize(before);
                assertThat(engine.timeline(alarm)).extracting(TimelineEntry::kind).containsSubsequence("attend.going",
                        "escalation.stopped", "attend.going-late");

                // The other alarm's links expire.
                String otherSam = linkIn(sms.sentTo(SAM_SMS).stream()
                        .filter(o -> o.idempotencyKey().startsWith(other.value())).findFirst().orElseThrow());
                f.clock.advance(Duration.ofHours(12));
                Page expired = browser.answer(otherSam, "going");
                assertThat(expired.status()).isEqualTo(410);
                assertThat(expired.body()).contains("This link has expired");
            } finally {
                server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void iCantIsRecordedAndTheChainGoesOn(String dialect) throws Exception {
        try (Fixture f = Fixture.on(dialect, postgres)) {
            AttendLinks links = f.links();
            var sms = new RecordingNotifier(Channel.SMS);
            AlarmId alarm = f.raise(EventCode.PERSONAL_TRIGGER, Priority.CRITICAL);
            EscalationEngine engine = f.engine(f.db, "relay-1", links, sms);
            engine.tick();
            f.clock.advance(Duration.ofSeconds(60));
            engine.tick();
            String token = linkIn(sms.sentTo(SAM_SMS).get(0)).substring("/attend/".length());
            assertThat(links.answer(token, "cant").text()).contains("We are asking others");
            assertThat(f.state(alarm)).isEqualTo("RECEIVED");
            f.clock.advance(Duration.ofSeconds(120));
            engine.tick();
            assertThat(sms.sentTo(OLU_SMS)).hasSize(2);
            assertThat(engine.timeline(alarm)).extracting(TimelineEntry::detail)
                    .contains("Sam Patel (family) cannot go");
        }
    }
}
