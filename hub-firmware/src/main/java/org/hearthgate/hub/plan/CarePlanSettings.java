package org.hearthgate.hub.plan;

import java.nio.file.Path;
import java.util.Objects;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.wire.ConfigUpdate;

/**
 * The care plan a hub is installed with, and what it does with a plan the cloud pushes.
 *
 * @param installedDigest the identity of the installed plan: {@link ConfigUpdate#carePlanDigest} of hub.yaml's
 *                        {@code carePlan} file, or {@link #DEFAULTS} when the hub runs {@link CarePlan#defaults()};
 *                        null only when a caller cannot tell (then heartbeats carry no digest until a pushed plan runs)
 * @param remote          {@code remoteCarePlans} in hub.yaml: whether a valid plan from the cloud replaces it
 * @param remoteFile      where a plan from the cloud is kept across restarts (next to the outbox); null: nowhere, so
 *                        the hub refuses pushed plans, as one must never run a plan it would forget at a power cut
 */
public record CarePlanSettings(String installedDigest, boolean remote, Path remoteFile) {
    /** What the heartbeat says for a hub running {@link CarePlan#defaults()}. */
    public static final String DEFAULTS = "defaults";

    public CarePlanSettings {
        if (remote) {
            Objects.requireNonNull(remoteFile, "remoteFile: a hub that takes plans from the cloud must keep them");
            // A pushed plan is kept with the digest of the installed plan it replaced, to tell a later local edit.
            Objects.requireNonNull(installedDigest, "installedDigest: a hub that takes plans from the cloud must know it");
        }
    }

    /**
     * A hub that keeps its installed plan and refuses pushed ones, as every hub did before remote plans (the callers
     * that build an engine themselves: benches, scenarios).
     */
    public static CarePlanSettings installedOnly(CarePlan plan) {
        return new CarePlanSettings(plan.equals(CarePlan.defaults()) ? DEFAULTS : null, false, null);
    }

    /** The digest of the installed plan's text, or {@link #DEFAULTS} when there is no text (no {@code carePlan}). */
    public static String digestOf(String installedYaml) {
        return installedYaml == null ? DEFAULTS : ConfigUpdate.carePlanDigest(installedYaml);
    }

    /** Where a hub with this outbox keeps a plan from the cloud: next to it, as its control socket is. */
    public static Path remoteFileFor(Path outbox) {
        return outbox.toAbsolutePath().resolveSibling(outbox.getFileName() + ".care-plan.json");
    }
}
