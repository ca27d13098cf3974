package org.hearthgate.relay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.db.TestDatabases;
import org.hearthgate.relay.directory.Role;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The audit trail on SQLite and on a real PostgreSQL. */
class SqlAuditTrailIT {
    @RegisterExtension
    static final TestDatabases databases = new TestDatabases();
    private final ManualClock clock = ManualClock.at("2026-12-02T08:00:00Z");
    private static final TenantId TENANT = TenantId.of("acme");
    private static final Caller NURSE = new Caller("nurse", TENANT, Role.CLINICIAN, Set.of(ResidentId.of("res-a")),
            "10.0.0.8");

    private Database open(String kind) {
        return databases.open(kind);
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void anIgLeadListsWhoLookedAtAResident(String kind) {
        try (Database db = open(kind)) {
            SqlAuditTrail audit = new SqlAuditTrail(db, clock);
            audit.record(NURSE, "resident.read", ResidentId.of("res-a"), "card");
            clock.advance(java.time.Duration.ofMinutes(1));
            audit.record(NURSE, "resident.read", ResidentId.of("res-b"), "card");
            audit.record(NURSE, "alarms.list", null, null);
            List<SqlAuditTrail.Entry> about = audit.about(TENANT, ResidentId.of("res-a"), 10);
            assertThat(about).singleElement().satisfies(e -> {
                assertThat(e.login()).isEqualTo("nurse");
                assertThat(e.role()).isEqualTo("CLINICIAN");
                assertThat(e.from()).isEqualTo("10.0.0.8");
                assertThat(e.at()).isEqualTo(java.time.Instant.parse("2026-12-02T08:00:00Z"));
            });
            assertThat(audit.verify().intact()).isTrue();
            assertThat(audit.verify().rows()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void editingARowBreaksTheChainAndTheTablesRefuseChangesAnyway(String kind) throws Exception {
        try (Database db = open(kind)) {
            SqlAuditTrail audit = new SqlAuditTrail(db, clock);
            for (int i = 0; i < 5; i++) {
                audit.record(NURSE, "resident.read", ResidentId.of("res-a"), "card " + i);
            }
            assertThatThrownBy(() -> db.inTransaction(c -> c.createStatement()
                    .executeUpdate("UPDATE audit_trail SET login = 'someone-else' WHERE seq = 3")))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> db.inTransaction(c -> c.createStatement()
                    .executeUpdate("DELETE FROM audit_trail WHERE seq = 5"))).hasMessageContaining("append-only");
            assertThat(audit.verify().intact()).isTrue();

            // Someone with the database's owner rights drops the guard and edits a row.
            db.inTransaction(c -> {
                c.createStatement().execute(kind.equals("sqlite") ? "DROP TRIGGER audit_no_update"
                        : "DROP TRIGGER audit_no_change ON audit_trail");
                return c.createStatement().executeUpdate("UPDATE audit_trail SET login = 'someone-else' WHERE seq = 3");
            });
            SqlAuditTrail.Verification v = audit.verify();
            assertThat(v.intact()).isFalse();
            assertThat(v.brokenAt()).isEqualTo(3);
            assertThat(v.reason()).contains("changed");
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void deletingARowInTheMiddleIsCaught(String kind) {
        try (Database db = open(kind)) {
            SqlAuditTrail audit = new SqlAuditTrail(db, clock);
            for (int i = 0; i < 4; i++) {
                audit.record(NURSE, "resident.read", ResidentId.of("res-a"), null);
            }
            db.inTransaction(c -> {
                c.createStatement().execute(kind.equals("sqlite") ? "DROP TRIGGER audit_no_delete"
                        : "DROP TRIGGER audit_no_change ON audit_trail");
                return c.createStatement().executeUpdate("DELETE FROM audit_trail WHERE seq = 2");
            });
            assertThat(audit.verify().brokenAt()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @MethodSource(TestDatabases.KINDS)
    void manyWritersKeepOneUnbrokenChain(String kind) throws Exception {
        try (Database db = open(kind)) {
            SqlAuditTrail one = new SqlAuditTrail(db, clock);
            SqlAuditTrail two = new SqlAuditTrail(db, clock); // a second relay instance on the same database
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                SqlAuditTrail t = i % 2 == 0 ? one : two;
                done.add(pool.submit(() -> t.record(NURSE, "resident.read", ResidentId.of("res-a"), null)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            SqlAuditTrail.Verification v = one.verify();
            assertThat(v.intact()).as(v.reason()).isTrue();
            assertThat(v.rows()).isEqualTo(80);
        }
    }
}
