package org.hearthgate.relay.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.contract.config.YamlConfig;
import org.hearthgate.relay.RelayConfig;
import org.junit.jupiter.api.Test;

class NotifyConfigTest {
    private static final String BASE = """
            broker:
              url: tcp://127.0.0.1:1883
            database: /var/lib/hearthgate/relay.db
            users:
              - {name: duty, role: RESPONDER, passwordHash: "pbkdf2$1$aa$bb"}
            """;
    private static final String API_KEY = "hearthgate_live-26785a09-ab16-4eb0-8407-a37497a57506"
            + "-3d844edf-8d35-48ac-975b-e847b4f122b0";
    private static final String FULL = BASE + """
            notify:
              smtp:
                host: smtp.example.org
                username: relay
                password: smtp-password-1234
                from: alarms@example.org
              notify:
                apiKey: %s
                smsTemplateId: f33517ff-2a88-4f6e-b855-c550268ce08a
                emailTemplateId: a0d3a2a5-38b5-4f3c-8b0c-1f9d2e8f0a11
              httpSms:
                url: https://sms.example.org/send
                token: gateway-token-abcdef
              webhooks:
                - name: arc
                  url: https://arc.example.org/hearthgate
                  secret: webhook-secret-0123456789abcdef0123
            """.formatted(API_KEY);

    private static RelayConfig parse(String yaml) {
        return YamlConfig.parse(yaml, RelayConfig.class);
    }

    @Test
    void aRelayWithoutANotifyBlockHasNoChannels() {
        RelayConfig c = parse(BASE);

        assertThat(c.notifications()).isNull();
        assertThat(Notifiers.from(c.notifications(), Clock.systemUTC()).describe()).isEqualTo("none");
    }

    @Test
    void aFullBlockGivesEMailBySmtpSmsByNotifyAndWebhooks() {
        NotifyConfig n = parse(FULL).notifications();

        assertThat(n.smtp().security()).isEqualTo(NotifyConfig.Security.STARTTLS);
        assertThat(n.smtp().port()).isEqualTo(587);
        assertThat(n.govUkNotify().baseUrl()).isEqualTo(NotifyConfig.Notify.LIVE_BASE_URL);
        assertThat(n.govUkNotify().serviceId()).isEqualTo("26785a09-ab16-4eb0-8407-a37497a57506");
        try (Notifiers notifiers = Notifiers.from(n, Clock.systemUTC())) {
            assertThat(notifiers.describe())
                    .isEqualTo("EMAIL=EmailNotifier, SMS=NotifySmsNotifier, WEBHOOK=WebhookNotifier");
            assertThat(notifiers.forChannel(Channel.CONSOLE)).isEmpty();
        }
    }

    @Test
    void withoutSmtpAndWithoutANotifySmsTemplateTheOtherImplementationsServe() {
        String yaml = BASE + """
                notify:
                  notify:
                    apiKey: %s
                    emailTemplateId: a0d3a2a5-38b5-4f3c-8b0c-1f9d2e8f0a11
                  httpSms:
                    url: https://sms.example.org/send
                    token: gateway-token-abcdef
                """.formatted(API_KEY);

        try (Notifiers notifiers = Notifiers.from(parse(yaml).notifications(), Clock.systemUTC())) {
            assertThat(notifiers.describe()).isEqualTo("EMAIL=NotifyEmailNotifier, SMS=HttpSmsNotifier");
        }
    }

    @Test
    void noSecretAppearsInTheConfigurationsText() {
        String text = parse(FULL).toString();

        assertThat(text).contains("smtp.example.org").contains("***")
                .doesNotContain("smtp-password-1234")
                .doesNotContain("3d844edf-8d35-48ac-975b-e847b4f122b0")
                .doesNotContain("gateway-token-abcdef")
                .doesNotContain("webhook-secret-0123456789abcdef0123");
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertKey(FULL.replace("    host: smtp.example.org\n", ""), "notify.smtp.host");
        assertKey(FULL.replace("    password: smtp-password-1234\n", ""), "notify.smtp.password");
        assertKey(FULL.replace("    host: smtp.example.org\n", "    host: smtp.example.org\n    security: NONE\n"),
                "notify.smtp.security");
        assertKey(FULL.replace("https://sms.example.org/send", "http://sms.example.org/send"), "notify.httpSms.url");
        assertKey(FULL.replace("webhook-secret-0123456789abcdef0123", "short"), "notify.webhooks[0].secret");
        assertKey(FULL.replace("smsTemplateId: f33517ff", "smsTemplateId: x33517ff"),
                "notify.notify.smsTemplateId");
    }

    @Test
    void aBadApiKeyIsNamedButNeverEchoed() {
        String broken = API_KEY.substring(0, API_KEY.length() - 1) + "!";

        assertThatThrownBy(() -> parse(FULL.replace(API_KEY, broken)))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.key()).isEqualTo("notify.notify.apiKey"))
                .message().doesNotContain("3d844edf");
    }

    @Test
    void plainHttpAndPlainSmtpAreAllowedOnlyOnThisMachine() {
        var local = new NotifyConfig.HttpSms("http://127.0.0.1:8099/sms", "t", null);
        var mta = new NotifyConfig.Smtp("localhost", 25, NotifyConfig.Security.NONE, null, null, "a@b.example", null);

        assertThat(local.url()).startsWith("http://127.0.0.1");
        assertThat(mta.security()).isEqualTo(NotifyConfig.Security.NONE);
    }

    private static void assertKey(String yaml, String key) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.key()).isEqualTo(key));
    }
}
