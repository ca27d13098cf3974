package org.hearthgate.relay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.store.AlarmRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierIT {
    private static final String SECRET = "arc-secret-0123456789abcdef-0123456789";
    private static final Instant NOW = Instant.parse("2026-12-02T03:12:05Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private HttpReceiver arc;
    private WebhookNotifier webhooks;

    @BeforeEach
    void start() throws Exception {
        arc = new HttpReceiver();
        webhooks = new WebhookNotifier(List.of(new NotifyConfig.Webhook("arc", arc.url("/hooks/alarm"), SECRET,
                5)), CLOCK);
    }

    @AfterEach
    void stop() throws Exception {
        webhooks.close();
        arc.close();
    }

    private static AlarmRecord fall() {
        return new AlarmRecord(AlarmId.of("al-1"), "north", "hub-7", "res-42", EventCode.FALL_DETECTED,
                Priority.CRITICAL, AlarmState.RECEIVED, "Fall detected by Jean's pendant",
                Instant.parse("2026-12-02T03:12:00Z"), Instant.parse("2026-12-02T03:12:01Z"), null, null, null);
    }

    private Outgoing toArc(String key) {
        return new Outgoing(key, Channel.WEBHOOK, arc.url("/hooks/alarm"), null, null,
                WebhookBody.of(fall(), new WebhookBody.ResidentRef("res-42", "ne1"), "final", NOW));
    }

    @Test
    void aReceiverVerifiesTheSignatureAndReadsTheScaipEvent() throws Exception {
        Delivery d = webhooks.send(toArc("al-1:3:arc"));

        assertThat(d).isInstanceOf(Delivery.Sent.class);
        HttpReceiver.Received r = arc.received().getFirst();
        assertThat(r.header(WebhookSignature.IDEMPOTENCY_HEADER)).isEqualTo("al-1:3:arc");
        assertThat(r.header(WebhookSignature.TIMESTAMP_HEADER)).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(WebhookSignature.verify(SECRET, r.header(WebhookSignature.TIMESTAMP_HEADER), r.body(),
                r.header(WebhookSignature.SIGNATURE_HEADER), NOW.plusSeconds(2), WebhookSignature.DEFAULT_WINDOW))
                .isEqualTo(WebhookSignature.Verdict.VALID);

        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.at("/v").asInt()).isEqualTo(1);
        assertThat(body.at("/event/code").asText()).isEqualTo("FALL_DETECTED");
        assertThat(body.at("/event/mty").asText()).isEqualTo("ME");
        assertThat(body.at("/event/stc").asText()).isEqualTo("0009");
        assertThat(body.at("/event/dty").asText()).isEqualTo("0005");
        assertThat(body.at("/event/dtyText").asText()).isEqualTo("Fall detector");
        assertThat(body.at("/event/pri").asInt()).isEqualTo(1);
        assertThat(body.at("/alarm/id").asText()).isEqualTo("al-1");
        assertThat(body.at("/alarm/raisedAt").asText()).isEqualTo("2026-12-02T03:12:00Z");
        assertThat(body.at("/resident/id").asText()).isEqualTo("res-42");
        assertThat(body.at("/resident/postcodeDistrict").asText()).isEqualTo("NE1");
        assertThat(r.body()).doesNotContain("Jean").doesNotContain("summary");
    }

    @Test
    void aTamperedBodyOrAReplayLaterIsRejectedByTheReceiver() {
        webhooks.send(toArc("al-1:3:arc"));
        HttpReceiver.Received r = arc.received().getFirst();
        String ts = r.header(WebhookSignature.TIMESTAMP_HEADER);
        String sig = r.header(WebhookSignature.SIGNATURE_HEADER);

        assertThat(WebhookSignature.verify(SECRET, ts, r.body().replace("\"pri\":1", "\"pri\":5"), sig, NOW,
                WebhookSignature.DEFAULT_WINDOW)).isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify(SECRET, ts, r.body(), sig, NOW.plus(Duration.ofMinutes(6)),
                WebhookSignature.DEFAULT_WINDOW)).isEqualTo(WebhookSignature.Verdict.OUTSIDE_WINDOW);
    }

    @Test
    void aReceiverAnswering500ThenAcceptingIsTransientThenSent() {
        arc.answering(new HttpReceiver.Answer(500, Map.of(), ""));

        assertThat(webhooks.send(toArc("k"))).isInstanceOf(Delivery.Transient.class);
        assertThat(webhooks.send(toArc("k"))).isInstanceOf(Delivery.Sent.class);
        assertThat(arc.received()).extracting(x -> x.header(WebhookSignature.IDEMPOTENCY_HEADER))
                .containsExactly("k", "k");
    }

    @Test
    void anAddressThatIsNotAConfiguredWebhookIsRefusedWithoutSendingAnything() {
        var elsewhere = new Outgoing("k", Channel.WEBHOOK, arc.url("/other"), null, null, Map.of("v", 1));

        assertThat(webhooks.send(elsewhere)).isInstanceOf(Delivery.Permanent.class);
        assertThat(arc.received()).isEmpty();
    }
}
