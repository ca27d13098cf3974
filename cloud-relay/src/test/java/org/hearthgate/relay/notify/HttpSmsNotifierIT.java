package org.hearthgate.relay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSmsNotifierIT {
    private static final String TOKEN = "gw-token-0123456789abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T03:12:00Z"), ZoneOffset.UTC);

    private HttpReceiver gateway;
    private HttpSmsNotifier sms;

    @BeforeEach
    void start() throws Exception {
        gateway = new HttpReceiver();
        sms = new HttpSmsNotifier(new NotifyConfig.HttpSms(gateway.url("/sms"), TOKEN, 5), CLOCK);
    }

    @AfterEach
    void stop() throws Exception {
        sms.close();
        gateway.close();
    }

    private static Outgoing text(String key) {
        return new Outgoing(key, Channel.SMS, "+447700900123", null,
                "Mum pressed her alarm button at 03:12. The care team has been told.", null);
    }

    @Test
    void aGatewayAnswering500Then201IsRetriedAndSendsOnce() throws Exception {
        gateway.answering(new HttpReceiver.Answer(500, Map.of(), "{\"error\":\"busy\"}"),
                new HttpReceiver.Answer(201, Map.of("Content-Type", "application/json"), "{\"id\":\"gw-77\"}"));

        Delivery first = sms.send(text("a1:s1:r1"));
        Delivery second = sms.send(text("a1:s1:r1"));

        assertThat(first).isInstanceOfSatisfying(Delivery.Transient.class,
                t -> assertThat(t.reason()).contains("500"));
        assertThat(second).isEqualTo(new Delivery.Sent("gw-77"));
        assertThat(gateway.received()).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/sms");
            assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(r.header("Idempotency-Key")).isEqualTo("a1:s1:r1");
        });
        assertThat(new ObjectMapper().readTree(gateway.received().get(1).body()).properties())
                .extracting(Map.Entry::getKey).containsExactly("to", "text", "reference");
        var body = new ObjectMapper().readTree(gateway.received().get(1).body());
        assertThat(body.get("to").asText()).isEqualTo("+447700900123");
        assertThat(body.get("text").asText()).startsWith("Mum pressed her alarm button");
        assertThat(body.get("reference").asText()).isEqualTo("a1:s1:r1");
    }

    @Test
    void aGatewayAnswering400FailsPermanently() {
        gateway.answering(new HttpReceiver.Answer(400, Map.of(), "{\"error\":\"invalid number\"}"));

        assertThat(sms.send(text("a2:s1:r1"))).isInstanceOfSatisfying(Delivery.Permanent.class,
                p -> assertThat(p.reason()).contains("400"));
    }

    @Test
    void rateLimitsAndTimeoutsAreTransientAndRetryAfterIsHonoured() {
        gateway.answering(new HttpReceiver.Answer(429, Map.of("Retry-After", "30"), ""),
                new HttpReceiver.Answer(408, Map.of(), ""),
                new HttpReceiver.Answer(503, Map.of("Retry-After", "Wed, 02 Dec 2026 03:14:00 GMT"), ""),
                new HttpReceiver.Answer(401, Map.of(), ""));

        assertThat(sms.send(text("k1"))).isEqualTo(new Delivery.Transient("HTTP 429", Duration.ofSeconds(30)));
        assertThat(sms.send(text("k2"))).isEqualTo(new Delivery.Transient("HTTP 408", null));
        assertThat(sms.send(text("k3"))).isEqualTo(new Delivery.Transient("HTTP 503", Duration.ofMinutes(2)));
        assertThat(sms.send(text("k4"))).isEqualTo(new Delivery.Permanent("HTTP 401"));
    }

    @Test
    void aGatewayThatIsNotListeningIsTransient() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (var nowhere = new HttpSmsNotifier(
                new NotifyConfig.HttpSms("http://127.0.0.1:" + closedPort + "/sms", TOKEN, 5), CLOCK)) {
            assertThat(nowhere.send(text("k5"))).isInstanceOfSatisfying(Delivery.Transient.class,
                    t -> assertThat(t.reason()).startsWith("cannot reach"));
        }
    }
}
