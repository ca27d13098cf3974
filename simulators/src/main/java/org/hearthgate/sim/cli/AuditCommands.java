package org.hearthgate.sim.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.RelayConfig;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.db.Database;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hearthgate admin verify-audit} and {@code admin audit}: the information-governance lead's tools. */
final class AuditCommands {
    private AuditCommands() {
    }

    /** Which database: a cloud.yaml's, or one named directly. */
    static final class Target {
        @Option(names = "--config", paramLabel = "FILE", description = "cloud.yaml (its database)")
        Path config;

        @Option(names = "--database", paramLabel = "SPEC", description = "postgresql://user:password@host:port/db "
                + "or the SQLite file")
        String database;

        Database open() {
            if ((database == null) == (config == null)) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "give either --config or --database");
            }
            return Database.open(database != null ? database : RelayConfig.load(config).database());
        }
    }

    @Command(name = "verify-audit", mixinStandardHelpOptions = true,
            description = "Checks the audit trail's hash chain: exit 0 and the chain's head when intact, exit 1 and "
                    + "the first broken row when someone changed, inserted or removed a row.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() {
            try (Database db = target.open()) {
                SqlAuditTrail.Verification v = new SqlAuditTrail(db, Clock.systemUTC()).verify();
                if (v.intact()) {
                    System.out.println("audit trail intact: " + v.rows() + " rows; head " + v.head()
                            + " (note it: rows removed from the end show only against a noted head)");
                    return 0;
                }
                System.out.println("audit trail BROKEN at row " + v.brokenAt() + ": " + v.reason() + " ("
                        + v.rows() + " rows before it are intact)");
                return 1;
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Lists who looked at or changed a resident's record, newest first.")
    static final class Who implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--tenant", required = true)
        String tenant;

        @Option(names = "--resident", required = true, description = "the resident's id")
        String resident;

        @Option(names = "--max", defaultValue = "200")
        int max;

        @Override
        public Integer call() {
            try (Database db = target.open()) {
                for (SqlAuditTrail.Entry e : new SqlAuditTrail(db, Clock.systemUTC()).about(TenantId.of(tenant),
                        ResidentId.of(resident), max)) {
                    System.out.printf("%s  %-24s %-10s %-22s from %-15s %s%n", e.at(), e.login(), e.role(), e.action(),
                            e.from(), e.detail() == null ? "" : e.detail());
                }
                return 0;
            }
        }
    }
}
