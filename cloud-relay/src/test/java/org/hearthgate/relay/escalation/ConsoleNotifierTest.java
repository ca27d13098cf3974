package org.hearthgate.relay.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hearthgate.relay.notify.Channel;
import org.hearthgate.relay.notify.Delivery;
import org.hearthgate.relay.notify.Outgoing;
import org.junit.jupiter.api.Test;

class ConsoleNotifierTest {
    @Test
    void aConsolePageGoesOnTheLiveFeedAndAFeedFailureIsWorthRetrying() {
        List<Object> published = new ArrayList<>();
        var page = new Outgoing("a-1/0/0/resp/CONSOLE", Channel.CONSOLE, "resp1", null, "Alarm: ...", null);
        assertThat(new ConsoleNotifier((event, data) -> published.add(event + " " + data)).send(page))
                .isInstanceOf(Delivery.Sent.class);
        assertThat(published).hasSize(1).first().asString().startsWith("escalation.page").contains("alarmId=a-1",
                "login=resp1");
        assertThat(new ConsoleNotifier((event, data) -> {
            throw new IllegalStateException("broker down");
        }).send(page)).isInstanceOf(Delivery.Transient.class);
    }
}
