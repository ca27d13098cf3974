package org.hearthgate.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.hearthgate.hub.config.HubConfig;
import org.junit.jupiter.api.Test;

class HubMainTest {
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
