package org.hearthgate.hub;

import java.time.Duration;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;

/**
 * The hub's identity and timings.
 *
 * @param heartbeat          how often the hub says it is alive (default 60 s; the cloud raises "hub offline" after 3
 *                           missed, DESIGN.md)
 * @param alarmRetry         first wait for a receipt before an alarm is sent again; doubles up to 30 s
 * @param alarmOverdue       when the resident is told that no receipt has come yet (IPA T_ACK ≤ 8 s, anchors A.2)
 * @param telemetryRetry     first wait for a receipt before telemetry is sent again; doubles up to 5 min
 * @param telemetryPerSecond cap for flushing a telemetry backlog, so a reconnecting fleet does not flood the cloud
 *                           (Kura #1416); alarms are never throttled
 */
public record HubSettings(TenantId tenant, HubId hub, ResidentId resident, Duration heartbeat, Duration alarmRetry,
        Duration alarmOverdue, Duration telemetryRetry, int telemetryPerSecond, String firmware) {

    public HubSettings {
        Require.present(tenant, "tenant");
        Require.present(hub, "hub");
        Require.present(resident, "resident");
        Require.between(Require.present(heartbeat, "heartbeat").toSeconds(), 1, 3600, "heartbeat");
        Require.present(alarmRetry, "alarmRetry");
        Require.present(alarmOverdue, "alarmOverdue");
        Require.present(telemetryRetry, "telemetryRetry");
        Require.between(telemetryPerSecond, 1, 10_000, "telemetryPerSecond");
    }

    public static HubSettings defaults(TenantId tenant, HubId hub, ResidentId resident) {
        return new HubSettings(tenant, hub, resident, Duration.ofSeconds(60), Duration.ofSeconds(3),
                Duration.ofSeconds(8), Duration.ofSeconds(30), 50, "0.1.0");
    }

    public HubSettings withAlarmOverdue(Duration d) {
        return new HubSettings(tenant, hub, resident, heartbeat, alarmRetry, d, telemetryRetry, telemetryPerSecond,
                firmware);
    }

    public HubSettings withHeartbeat(Duration d) {
        return new HubSettings(tenant, hub, resident, d, alarmRetry, alarmOverdue, telemetryRetry, telemetryPerSecond,
                firmware);
    }
}
