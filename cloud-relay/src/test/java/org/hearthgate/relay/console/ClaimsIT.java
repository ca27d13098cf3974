package org.hearthgate.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.TestDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Claims on SQLite and on a real PostgreSQL: the first responder wins, even when several claim at once. */
class ClaimsIT {
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId OTHER = TenantId.of("other");
    private static final Instant T0 = Instant.parse("2026-12-02T03:12:00Z");
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();

    private Database open(String kind) {
        return databases.open(kind);
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void theFirstClaimWinsAndTheSecondLearnsWhoHasIt(String kind) {
        try (Database db = open(kind)) {
            Claims claims = new Claims(db);
            AlarmId alarm = AlarmId.of("alarm-1");
            assertThat(claims.claim(ACME, alarm, "ana", T0).login()).isEqualTo("ana");
            Claims.Claim second = claims.claim(ACME, alarm, "ben", T0.plusSeconds(2));
            assertThat(second.login()).isEqualTo("ana");
            assertThat(second.at()).isEqualTo(T0);
            assertThat(claims.claim(ACME, alarm, "ana", T0.plusSeconds(3)).at()).as("again: still hers, unchanged")
                    .isEqualTo(T0);
            // The same alarm id in another tenant is another alarm.
            assertThat(claims.claim(OTHER, alarm, "xena", T0).login()).isEqualTo("xena");
            assertThat(claims.of(ACME)).containsOnlyKeys("alarm-1");
            assertThat(claims.of(ACME).get("alarm-1").login()).isEqualTo("ana");

            claims.release(ACME, alarm);
            assertThat(claims.of(ACME)).isEmpty();
            assertThat(claims.of(OTHER)).containsOnlyKeys("alarm-1");
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void eightRespondersClaimingAtOnceGetOneWinnerAndAllAgreeOnIt(String kind) throws Exception {
        try (Database db = open(kind)) {
            Claims claims = new Claims(db);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int round = 0; round < 5; round++) {
                    AlarmId alarm = AlarmId.of("alarm-race-" + round);
                    List<Callable<String>> tries = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        String who = "responder-" + i;
                        tries.add(() -> claims.claim(ACME, alarm, who, T0).login());
                    }
                    List<String> winners = new ArrayList<>();
                    for (Future<String> f : pool.invokeAll(tries)) {
                        winners.add(f.get());
                    }
                    assertThat(winners).as("everyone is told the same holder").containsOnly(winners.get(0));
                    assertThat(claims.of(ACME).get(alarm.value()).login()).isEqualTo(winners.get(0));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
