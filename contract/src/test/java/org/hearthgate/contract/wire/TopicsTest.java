package org.hearthgate.contract.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.junit.jupiter.api.Test;

class TopicsTest {
    @Test
    void everyChannelRoundTripsThroughItsTopic() {
        for (Channel c : Channel.values()) {
            Topic t = Topics.of(TenantId.of("acme"), HubId.of("hub-7"), c);
            assertThat(Topics.parse(t.path())).isEqualTo(t);
        }
        assertThat(Topics.of(TenantId.of("acme"), HubId.of("hub-7"), Channel.ALARM).path())
                .isEqualTo("hg/v1/acme/hub-7/up/alarm");
        assertThat(Topics.of(TenantId.of("acme"), HubId.of("hub-7"), Channel.RECEIPT).path())
                .isEqualTo("hg/v1/acme/hub-7/down/receipt");
    }

    @Test
    void malformedTopicsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Topics.parse("hg/v1/acme/hub-7/up/selfie")).hasMessageContaining("unknown channel");
        assertThatThrownBy(() -> Topics.parse("hg/v1/acme/hub-7/down/reading")).hasMessageContaining("unknown channel");
        assertThatThrownBy(() -> Topics.parse("hg/v2/acme/hub-7/up/alarm")).hasMessageContaining("is not");
        assertThatThrownBy(() -> Topics.parse("hg/v1/acme/+/up/alarm")).hasMessageContaining("not an id");
        assertThatThrownBy(() -> Topics.parse("hg/v1/acme/hub-7/up")).hasMessageContaining("is not");
    }

    @Test
    void filtersCoverTheScheme() {
        assertThat(Topics.allUp()).isEqualTo("hg/v1/+/+/up/#");
        assertThat(Topics.sharedUp("relay")).isEqualTo("$share/relay/hg/v1/+/+/up/#");
        assertThat(Topics.downTo(TenantId.of("acme"), HubId.of("h1"))).isEqualTo("hg/v1/acme/h1/down/#");
    }
}
