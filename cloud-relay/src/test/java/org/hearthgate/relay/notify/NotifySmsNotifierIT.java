package org.hearthgate.relay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifySmsNotifierIT {
    private FakeNotify notify;
    private NotifySmsNotifier sms;

    @BeforeEach
    void start() throws Exception {
        notify = new FakeNotify();
        sms = new NotifySmsNotifier(settings(FakeNotify.API_KEY, notify.baseUrl(), 5));
    }

    @AfterEach
    void stop() throws Exception {
        sms.close();
        notify.close();
    }

    private static NotifyConfig.Notify settings(String apiKey, String baseUrl, int timeoutSeconds) {
        return new NotifyConfig.Notify(apiKey, baseUrl, FakeNotify.SMS_TEMPLATE, FakeNotify.EMAIL_TEMPLATE,
                timeoutSeconds);
    }

    private static Outgoing text(String key) {
        return new Outgoing(key, Channel.SMS, "07700900123", null,
                "Mum pressed her alarm button at 03:12. The care team has been told.", null);
    }

    @Test
    void sendsThroughTheTemplateWithTheKeyAsReferenceAndFollowsTheStatus() {
        Delivery d = sms.send(text("al-5:1:sam"));

        assertThat(d).isInstanceOf(Delivery.Sent.class);
        String id = ((Delivery.Sent) d).reference();
        FakeNotify.Seen seen = notify.posts().getFirst();
        assertThat(seen.path()).isEqualTo("/v2/notifications/sms");
        assertThat(seen.issuer()).isEqualTo(FakeNotify.SERVICE_ID);
        assertThat(seen.body().get("template_id").asText()).isEqualTo(FakeNotify.SMS_TEMPLATE);
        assertThat(seen.body().get("phone_number").asText()).isEqualTo("07700900123");
        assertThat(seen.body().get("reference").asText()).isEqualTo("al-5:1:sam");
        assertThat(seen.body().at("/personalisation/message").asText()).startsWith("Mum pressed her alarm");

        assertThat(sms.status(id)).isEqualTo(DeliveryStatus.PENDING);
        notify.setStatus(id, "sending");
        assertThat(sms.status(id)).isEqualTo(DeliveryStatus.PENDING);
        notify.setStatus(id, "delivered");
        assertThat(sms.status(id)).isEqualTo(DeliveryStatus.DELIVERED);
        notify.setStatus(id, "permanent-failure");
        assertThat(sms.status(id)).isEqualTo(DeliveryStatus.FAILED);
        notify.setStatus(id, "temporary-failure");
        assertThat(sms.status(id)).isEqualTo(DeliveryStatus.FAILED);
        notify.setStatus(id, "technical-failure");
        assertThat(sms.status(id)).isEqualTo(DeliveryStatus.FAILED);
        notify.setStatus(id, "sent");
        assertThat(sms.status(id)).isEqualTo(DeliveryStatus.UNCONFIRMED);
        assertThat(sms.status("00000000-0000-4000-8000-000000000000")).isEqualTo(DeliveryStatus.UNKNOWN);
        assertThat(sms.status("not-a-uuid")).isEqualTo(DeliveryStatus.UNKNOWN);
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            400 | BadRequestError      | Can't send to this recipient using a team-only API key | Permanent
            400 | ValidationError      | phone_number Not a UK mobile number                    | Permanent
            403 | AuthError            | Error: Your system clock must be accurate to within 30 seconds | Permanent
            429 | RateLimitError       | Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds | Transient
            429 | TooManyRequestsError | Exceeded send limits (250000) for today                | Transient
            500 | Exception            | Internal server error                                  | Transient
            """)
    void notifysErrorsAreClassified(int status, String error, String message, String kind) {
        notify.failing(new FakeNotify.Error(status, error, message));

        Delivery d = sms.send(text("k"));

        assertThat(d.getClass().getSimpleName()).isEqualTo(kind);
        String reason = d instanceof Delivery.Permanent p ? p.reason() : ((Delivery.Transient) d).reason();
        assertThat(reason).isEqualTo("GOV.UK Notify " + status + " " + error + ": " + message);
    }

    @Test
    void aKeyNotifyDoesNotKnowIsRefusedByNotifyAndPermanent() throws Exception {
        String otherSecret = "hearthgate_test-" + FakeNotify.SERVICE_ID + "-0d4e4a7e-3b3a-4c1c-9a7e-5f1b2c3d4e5f";
        try (var wrong = new NotifySmsNotifier(settings(otherSecret, notify.baseUrl(), 5))) {
            assertThat(wrong.send(text("k"))).isInstanceOfSatisfying(Delivery.Permanent.class,
                    p -> assertThat(p.reason()).contains("403 AuthError"));
        }
        assertThat(notify.seen()).isEmpty();
    }

    @Test
    void aRetryAfterNotifyTookTheMessageButTheAnswerWasLostDoesNotSendItTwice() throws Exception {
        notify.acceptingButLosingTheAnswer();
        try (var quick = new NotifySmsNotifier(settings(FakeNotify.API_KEY, notify.baseUrl(), 1))) {
            Delivery first = quick.send(text("al-6:1:sam"));
            Delivery retry = quick.send(text("al-6:1:sam"));
            Delivery another = quick.send(text("al-6:2:sam"));

            assertThat(first).isInstanceOf(Delivery.Transient.class);
            assertThat(retry).isInstanceOf(Delivery.Sent.class);
            assertThat(another).isInstanceOf(Delivery.Sent.class).isNotEqualTo(retry);
            assertThat(notify.posts()).extracting(p -> p.body().get("reference").asText())
                    .containsExactly("al-6:1:sam", "al-6:2:sam");
            assertThat(quick.status(((Delivery.Sent) retry).reference())).isEqualTo(DeliveryStatus.PENDING);
        }
    }

    @Test
    void notifyNotAnsweringIsTransient() throws Exception {
        notify.hanging();
        try (var quick = new NotifySmsNotifier(settings(FakeNotify.API_KEY, notify.baseUrl(), 1))) {
            assertThat(quick.send(text("k"))).isInstanceOfSatisfying(Delivery.Transient.class,
                    t -> assertThat(t.reason()).contains("no answer"));
        }
    }

    @Test
    void notifyUnreachableIsTransient() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (var nowhere = new NotifySmsNotifier(settings(FakeNotify.API_KEY, "http://127.0.0.1:" + port, 5))) {
            assertThat(nowhere.send(text("k"))).isInstanceOfSatisfying(Delivery.Transient.class,
                    t -> assertThat(t.reason()).startsWith("cannot reach GOV.UK Notify"));
        }
    }

    @Test
    void eMailThroughNotifyCarriesSubjectAndMessage() throws Exception {
        try (var email = new NotifyEmailNotifier(settings(FakeNotify.API_KEY, notify.baseUrl(), 5))) {
            Delivery d = email.send(new Outgoing("al-5:2:sam", Channel.EMAIL, "sam@family.test",
                    "Mum pressed her alarm button", "The care team is calling her.", null));

            assertThat(d).isInstanceOf(Delivery.Sent.class);
            FakeNotify.Seen seen = notify.posts().getFirst();
            assertThat(seen.path()).isEqualTo("/v2/notifications/email");
            assertThat(seen.body().get("email_address").asText()).isEqualTo("sam@family.test");
            assertThat(seen.body().at("/personalisation/subject").asText()).isEqualTo("Mum pressed her alarm button");
            assertThat(seen.body().get("reference").asText()).isEqualTo("al-5:2:sam");
            assertThat(email.status(((Delivery.Sent) d).reference())).isEqualTo(DeliveryStatus.PENDING);
        }
    }
}
