package org.hearthgate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.PostgresServer;
import org.junit.jupiter.api.Test;

/** Two relay instances on one PostgreSQL: an event published on one reaches the other's console, once. */
class ClusterFeedIT {
    @Test
    void anEventOnOneInstanceReachesTheOther() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String spec = pg.newDatabase();
            BlockingQueue<String> heardByA = new LinkedBlockingQueue<>();
            BlockingQueue<String> heardByB = new LinkedBlockingQueue<>();
            try (Database dbA = Database.open(spec); Database dbB = Database.open(spec);
                    ClusterFeed a = new ClusterFeed(dbA, (e, d) -> heardByA.add(e + " " + d));
                    ClusterFeed b = new ClusterFeed(dbB, (e, d) -> heardByB.add(e + " " + d))) {
                // The listener may still be starting: publish until B hears it (each publish is a new event).
                String got = null;
                for (int i = 0; i < 50 && got == null; i++) {
                    a.publish("alarm.acknowledged", Map.of("alarm", Map.of("id", "a-" + i, "tenant", "acme")));
                    got = heardByB.poll(200, TimeUnit.MILLISECONDS);
                }
                assertThat(got).startsWith("alarm.acknowledged").contains("tenant=acme");
                assertThat(heardByA.poll()).as("A publishes locally too").startsWith("alarm.acknowledged");
                heardByA.clear();
                b.publish("alarm.resolved", Map.of("alarm", Map.of("id", "x")));
                assertThat(heardByA.poll(10, TimeUnit.SECONDS)).startsWith("alarm.resolved");
                assertThat(heardByB.poll(10, TimeUnit.SECONDS)).as("B's own, locally").startsWith("alarm.resolved");
                assertThat(heardByB.poll(500, TimeUnit.MILLISECONDS)).as("not twice").isNull();
            }
        }
    }
}
