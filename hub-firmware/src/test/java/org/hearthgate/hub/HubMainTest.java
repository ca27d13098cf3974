package org.hearthgate.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.hub.config.HubConfig;
import org.hearthgate.hub.fallback.SecondPath;
import org.hearthgate.hub.fallback.SerialSmsPath;
import org.junit.jupiter.api.Test;

class HubMainTest {
    private static final String BASE = """
            tenant: %s
            hub: %s
            resident: res-7f3a
            broker: {url: "tcp://127.0.0.1:1883"}
            outbox: {path: /tmp/outbox.db}
            """;

    private static SecondPath.Settings secondPath(String tenant, String extra) {
        return secondPath(tenant, "hub-0001", extra);
    }

    private static SecondPath.Settings secondPath(String tenant, String hub, String extra) {
        HubConfig c = HubConfig.parse(BASE.formatted(tenant, hub) + extra);
        return HubMain.secondPath(c, HubSettings.defaults(TenantId.of(c.tenant()), HubId.of(c.hub()),
                ResidentId.of(c.resident())));
    }

    @Test
    void theFallbackKeysBecomeTheSecondPathSettings() {
        SecondPath.Settings s = secondPath("acme", """
                fallback:
                  linkFailSeconds: 90
                  testTransmissionHours: 168
                  sms: {port: /dev/ttyUSB2, number: "+447700900123", afterSeconds: 45, attempts: 2}
                """);
        assertThat(s.linkFailAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.testTransmissionEvery()).isEqualTo(Duration.ofDays(7));
        assertThat(s.fallback().after()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.fallback().attempts()).isEqualTo(2);
        assertThat(s.fallback().path()).isInstanceOf(SerialSmsPath.class);
    }

    @Test
    void withoutSmsThereIsNoFallbackButStillLinkEventsAndTheDailyTest() {
        SecondPath.Settings s = secondPath("acme", "");
        assertThat(s.fallback()).isNull();
        assertThat(s.testTransmissionEvery()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void idsTooLongForOneSmsStopTheHubAtStartNamingTheKey() {
        assertThatThrownBy(() -> secondPath("t".repeat(64), "h".repeat(40), "fallback: {sms: {port: /dev/ttyUSB2, number: \"+4477\"}}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("fallback.sms");
                    assertThat(e.getMessage()).contains("longer than 160");
                });
    }

    private static HubConfig config(String broker) {
        return HubConfig.parse("""
                tenant: acme
                hub: hub-0001
                resident: res-1
                broker: %s
                outbox: {path: /tmp/outbox.db}
                """.formatted(broker));
    }

    @Test
    void theUserNameIsTenantSlashHubTheTwoTopicLevelsTheAclGrants() {
        assertThat(HubMain.userName(config("{url: 'tcp://b:1883', password: pw}"))).isEqualTo("acme/hub-0001");
        assertThat(HubMain.userName(config("{url: 'tcp://b:1883'}"))).as("no password: no user name").isNull();
        assertThat(HubMain.userName(config("{url: 'tcp://b:1883', username: other, password: pw}")))
                .as("a given one is kept (a warning says the shipped ACL will refuse it)").isEqualTo("other");
    }

    @Test
    void theClientIdIsUniqueAcrossTenantsAndHasNoSlash() {
        assertThat(HubMain.clientId(config("{url: 'tcp://b:1883'}"))).isEqualTo("hub-0001@acme");
    }
}
