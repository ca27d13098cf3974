package org.hearthgate.relay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hearthgate.relay.notify.NotifyConfig.Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailNotifierIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T03:12:30Z"), ZoneOffset.UTC);
    private static final String TEXT = "Mum pressed her alarm button at 03:12. The care team has been told and is"
            + " calling her.\nCan you go? https://care.example.org/g/abc?x=1&y=2";

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("relay@hearthgate.test", "relay",
                    "right-password"));

    private static EmailNotifier notifier(int port, String password) {
        return new EmailNotifier(new NotifyConfig.Smtp("127.0.0.1", port, Security.NONE, "relay", password,
                "alarms@hearthgate.test", 5), CLOCK);
    }

    private static Outgoing message(String key) {
        return new Outgoing(key, Channel.EMAIL, "sam@family.test", "Mum pressed her alarm button", TEXT, null);
    }

    @Test
    void theMessageArrivesOnceWithItsTextSubjectAndIdempotencyKey() throws Exception {
        Delivery d = notifier(MAIL.getSmtp().getPort(), "right-password").send(message("al-9:1:sam"));

        assertThat(MAIL.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("Mum pressed her alarm button");
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("sam@family.test");
        assertThat(m.getFrom()).extracting(Object::toString).containsExactly("alarms@hearthgate.test");
        assertThat(m.getHeader(EmailNotifier.IDEMPOTENCY_HEADER)).containsExactly("al-9:1:sam");
        assertThat(m.getMessageID()).matches("<hg\\.[0-9a-f]{32}@hearthgate\\.test>");
        assertThat(d).isEqualTo(new Delivery.Sent(m.getMessageID()));
        var parts = (MimeMultipart) m.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n")).isEqualTo(TEXT);
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat((String) parts.getBodyPart(1).getContent())
                .contains("<a href=\"https://care.example.org/g/abc?x=1&amp;y=2\">")
                .contains("calling her.<br>Can you go?");
    }

    @Test
    void theSameKeyGivesTheSameMessageIdSoAMailboxCanDropARepeat() throws Exception {
        EmailNotifier n = notifier(MAIL.getSmtp().getPort(), "right-password");
        Delivery first = n.send(message("al-9:2:sam"));
        Delivery again = n.send(message("al-9:2:sam"));
        Delivery other = n.send(message("al-9:3:sam"));

        assertThat(MAIL.waitForIncomingEmail(10_000, 3)).isTrue();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void aRefusedLoginIsPermanent() {
        Delivery d = notifier(MAIL.getSmtp().getPort(), "wrong-password").send(message("al-9:4:sam"));

        assertThat(d).isInstanceOfSatisfying(Delivery.Permanent.class,
                p -> assertThat(p.reason()).startsWith("SMTP 535"));
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRecipientRefusedWith550IsPermanentAndTheReasonDoesNotRepeatTheAddress() throws Exception {
        try (var smtp = new ScriptedSmtpServer("220 scripted.test ESMTP",
                "550 5.1.1 <sam@family.test>: Recipient address rejected: User unknown")) {
            Delivery d = new EmailNotifier(new NotifyConfig.Smtp("127.0.0.1", smtp.port(), Security.NONE, null, null,
                    "alarms@hearthgate.test", 5), CLOCK).send(message("k"));

            assertThat(d).isInstanceOfSatisfying(Delivery.Permanent.class, p -> assertThat(p.reason())
                    .startsWith("SMTP 550").contains("User unknown").doesNotContain("sam@family.test"));
            assertThat(smtp.commands()).anyMatch(c -> c.startsWith("RCPT TO:<sam@family.test>"))
                    .noneMatch(c -> c.equals("DATA"));
        }
    }

    @Test
    void aRecipientDeferredWith451IsTransient() throws Exception {
        try (var smtp = new ScriptedSmtpServer("220 scripted.test ESMTP", "451 4.3.0 Try again later")) {
            Delivery d = new EmailNotifier(new NotifyConfig.Smtp("127.0.0.1", smtp.port(), Security.NONE, null, null,
                    "alarms@hearthgate.test", 5), CLOCK).send(message("k"));

            assertThat(d).isInstanceOfSatisfying(Delivery.Transient.class,
                    t -> assertThat(t.reason()).startsWith("SMTP 451"));
        }
    }

    @Test
    void aServerThatRefusesServiceInItsGreetingIsClassifiedByItsCode() throws Exception {
        try (var busy = new ScriptedSmtpServer("421 4.3.2 too busy", "250 OK");
                var closed = new ScriptedSmtpServer("554 5.3.2 no service here", "250 OK")) {
            Delivery later = new EmailNotifier(new NotifyConfig.Smtp("127.0.0.1", busy.port(), Security.NONE, null,
                    null, "alarms@hearthgate.test", 5), CLOCK).send(message("k"));
            Delivery never = new EmailNotifier(new NotifyConfig.Smtp("127.0.0.1", closed.port(), Security.NONE, null,
                    null, "alarms@hearthgate.test", 5), CLOCK).send(message("k"));

            assertThat(later).isInstanceOf(Delivery.Transient.class);
            assertThat(never).isInstanceOf(Delivery.Permanent.class);
        }
    }

    @Test
    void aServerThatDoesNotOfferStartTlsNeverGetsTheMessageInClearText() throws Exception {
        try (var plain = new ScriptedSmtpServer("220 scripted.test ESMTP", "250 OK")) {
            Delivery d = new EmailNotifier(new NotifyConfig.Smtp("127.0.0.1", plain.port(), Security.STARTTLS,
                    null, null, "alarms@hearthgate.test", 5), CLOCK).send(message("k"));

            assertThat(d).isInstanceOf(Delivery.Transient.class);
            assertThat(plain.commands()).noneMatch(c -> c.startsWith("MAIL") || c.startsWith("RCPT"));
        }
    }

    @Test
    void aTlsServerWhoseCertificateIsNotTrustedGetsNothing() throws Exception {
        var smtps = new com.icegreen.greenmail.util.GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        smtps.start();
        try {
            Delivery d = new EmailNotifier(new NotifyConfig.Smtp("127.0.0.1", smtps.getSmtps().getPort(),
                    Security.TLS, null, null, "alarms@hearthgate.test", 5), CLOCK).send(message("k"));

            // GreenMail's certificate is self-signed: no trust-all short cut lets the message through
            assertThat(d).isInstanceOfSatisfying(Delivery.Transient.class,
                    t -> assertThat(t.reason()).contains("SSL"));
            assertThat(smtps.getReceivedMessages()).isEmpty();
        } finally {
            smtps.stop();
        }
    }

    @Test
    void aServerThatIsNotListeningIsTransient() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Delivery d = notifier(port, "right-password").send(message("k"));

        assertThat(d).isInstanceOfSatisfying(Delivery.Transient.class,
                t -> assertThat(t.reason()).contains("cannot reach"));
    }

    @Test
    void aMalformedAddressIsPermanent() {
        var bad = new Outgoing("k", Channel.EMAIL, "not an address", "s", "t", null);

        assertThat(notifier(MAIL.getSmtp().getPort(), "right-password").send(bad))
                .isInstanceOf(Delivery.Permanent.class);
    }
}
