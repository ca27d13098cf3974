package org.hearthgate.relay.escalation;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.escalation.EscalationSql.AlarmRow;
import org.hearthgate.relay.escalation.EscalationSql.Queued;
import org.hearthgate.relay.escalation.EscalationSql.Told;
import org.hearthgate.relay.notify.Channel;

/**
 * Resolving an alarm with an {@link Outcome} (the console route calls {@link #resolve}): the alarm workflow
 * resolves it and tells the hub (through {@link AlarmActions#resolve}), the chain stops, the outcome is kept, and the
 * family and neighbours whom the chain told get the outcome in plain words. The notes stay with the staff.
 */
public final class Resolutions {
    private final Database db;
    private final CareDirectory directory;
    private final AlarmActions actions;
    private final Clock clock;

    public Resolutions(Database db, CareDirectory directory, AlarmActions actions, Clock clock) {
        this.db = db;
        this.directory = directory;
        this.actions = actions;
        this.clock = clock;
    }

    /** What resolving came to: whether this call resolved it, and how many family messages were queued. */
    public record Result(boolean resolved, int familyTold) {
    }

    /**
     * @param by         who resolved it, as the alarm's log names them (a login or a name)
     * @param whoFamilyReads how the family message names them: "Sam from the care team"
     * @param notes      free text for staff; never sent to the family
     */
    public Result resolve(AlarmId alarm, Outcome outcome, String notes, String by, String whoFamilyReads) {
        Require.present(outcome, "outcome");
        Require.present(by, "by");
        Require.present(whoFamilyReads, "whoFamilyReads");
        Instant now = clock.instant();
        if (!actions.resolve(alarm, by, outcome, notes, now)) {
            return new Result(false, 0);
        }
        return db.inTransaction(c -> {
            Optional<AlarmRow> row = EscalationSql.alarm(c, alarm.value());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarm_outcomes(alarm_id, outcome,"
                    + " resolved_by, notes, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (alarm_id) DO NOTHING")) {
                ps.setString(1, alarm.value());
                ps.setString(2, outcome.name());
                ps.setString(3, by);
                ps.setString(4, notes);
                ps.setLong(5, now.toEpochMilli());
                ps.executeUpdate();
            }
            EscalationSql.stop(c, alarm.value(), now, "resolved: " + outcome);
            EscalationSql.event(c, alarm.value(), now, "outcome", outcome + " by " + by, null);
            if (row.isEmpty()) {
                return new Result(true, 0);
            }
            return new Result(true, tellFamily(c, directory, row.get(), outcome, whoFamilyReads, now));
        });
    }

    /**
     * Queues the outcome, in plain words, to the family and neighbours the chain told about the alarm; returns how
     * many messages were queued.
     */
    static int tellFamily(java.sql.Connection c, CareDirectory directory, AlarmRow alarm, Outcome outcome,
            String who, Instant now) throws java.sql.SQLException {
        TenantId tenant = TenantId.of(alarm.tenant());
        ResidentId resident = ResidentId.of(alarm.resident());
        List<CircleMember> circle = directory.circle(tenant, resident);
        String calledName = directory.resident(tenant, resident).map(Resident::calledName).orElse("the resident");
        ZoneId zone = EscalationSql.zone(c, alarm.alarmId());
        int told = 0;
        for (Told t : EscalationSql.told(c, alarm.alarmId())) {
            if (!(CircleRole.FAMILY.name().equals(t.role()) || CircleRole.NEIGHBOUR.name().equals(t.role()))
                    || t.channel() == Channel.WEBHOOK || t.channel() == Channel.CONSOLE) {
                continue;
            }
            CircleMember m = circle.stream().filter(x -> x.contactId().equals(t.contactId())).findFirst()
                    .orElse(null);
            String called = EscalationSql.called(m, calledName);
            if (EscalationSql.queue(c, new Queued(alarm.alarmId() + "/outcome/" + t.contactId() + "/" + t.channel(),
                    alarm.alarmId(), EscalationSql.OUTCOME, 0, 0, t.contactId(), t.name(), t.role(), t.channel(),
                    t.address(), Messages.subject(called), Messages.outcome(outcome, who, called, now, zone), null,
                    "queued", null), now)) {
                told++;
            }
        }
        return told;
    }

    /** The outcome recorded for an alarm, if it was resolved here. */
    public Optional<Outcome> outcome(AlarmId alarm) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT outcome FROM alarm_outcomes WHERE alarm_id = ?")) {
                ps.setString(1, alarm.value());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Outcome.valueOf(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }
}
