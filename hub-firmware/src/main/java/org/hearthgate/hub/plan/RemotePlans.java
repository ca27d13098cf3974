package org.hearthgate.hub.plan;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.hearthgate.alerts.AlertEngine;
import org.hearthgate.alerts.Outcome;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.alerts.plan.CarePlanException;
import org.hearthgate.contract.wire.ConfigUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which care plan the hub runs: the installed one (hub.yaml's {@code carePlan}, or the defaults), or one the cloud
 * pushed, validated by the same parser as the cloud's editor, kept on disk before it runs, and swapped into the running
 * engine without losing what the engine knows ({@link AlertEngine#replacePlan}). Its digest goes up in every heartbeat.
 *
 * <p>Used from the hub's loop thread only, like the engine; {@link #inForce()} may be read from any thread.
 */
public final class RemotePlans {
    private static final Logger LOG = LoggerFactory.getLogger(RemotePlans.class);

    private final CarePlanSettings settings;
    private final RemotePlanFile file;
    private final AlertEngine engine;
    private final Clock clock;
    private volatile String inForce;
    /** The text of the plan from the cloud that runs now; null while the installed plan runs. */
    private String remoteYaml;

    public RemotePlans(CarePlanSettings settings, AlertEngine engine, Clock clock) {
        this.settings = settings;
        this.file = settings.remoteFile() == null ? null : new RemotePlanFile(settings.remoteFile());
        this.engine = engine;
        this.clock = clock;
        this.inForce = settings.installedDigest();
    }

    /** The digest of the plan in force: a text's SHA-256 in hex, or {@code defaults}; null if unknown. */
    public String inForce() {
        return inForce;
    }

    /** What became of a plan the cloud pushed. */
    public sealed interface Offer {
        /** Runs now (or ran already: {@code again}); {@code outcomes} are the engine's, to be acted on. */
        record Applied(String digest, boolean again, List<Outcome> outcomes) implements Offer {
        }

        /** Not applied; the plan in force is unchanged. {@code reason} names keys and bounds, never a person. */
        record Refused(String digest, String reason) implements Offer {
        }
    }

    public Offer offer(String yaml) {
        String digest = ConfigUpdate.carePlanDigest(yaml);
        if (!settings.remote()) {
            return new Offer.Refused(digest, "remote care plans are off on this hub (remoteCarePlans in hub.yaml); "
                    + "it keeps its installed plan");
        }
        if (digest.equals(inForce)) {
            // The cloud may have missed the first answer: say it again, nothing to rewrite.
            return new Offer.Applied(digest, true, List.of());
        }
        CarePlan plan;
        try {
            plan = CarePlan.parse(yaml);
        } catch (CarePlanException e) {
            return new Offer.Refused(digest, e.key() + ": " + e.reason());
        } catch (RuntimeException e) {
            return new Offer.Refused(digest, "does not validate (" + e.getClass().getSimpleName() + ")");
        }
        // Kept before it runs: a plan the hub would forget at the next power cut must never be in force.
        try {
            file.save(yaml, digest, base(), clock.instant());
        } catch (IOException | RuntimeException e) {
            LOG.error("care plan {} from the cloud cannot be kept in {}: {}", shortDigest(digest), file.path(),
                    e.toString());
            return new Offer.Refused(digest, "cannot be kept on the hub (" + e.getClass().getSimpleName() + ")");
        }
        List<Outcome> outcomes;
        try {
            outcomes = engine.replacePlan(plan);
        } catch (RuntimeException e) {
            restoreFile();
            return new Offer.Refused(digest, "cannot run on this hub (" + e.getMessage() + ")");
        }
        LOG.info("care plan {} from the cloud runs now (was {})", shortDigest(digest), shortDigest(inForce));
        remoteYaml = yaml;
        inForce = digest;
        return new Offer.Applied(digest, false, outcomes);
    }

    /**
     * At start, before the engine has seen anything: runs the kept plan from the cloud if it was pushed onto the plan
     * installed now. An installed plan edited since wins (the kept one is moved aside, as it is when remote plans are
     * turned off); an unusable file is moved aside too and returned as a note for the cloud. Never throws: the hub
     * starts whatever the file holds.
     */
    public Resumed resume() {
        if (file == null) {
            return new Resumed(List.of(), Optional.empty());
        }
        try {
            return switch (file.load()) {
                case RemotePlanFile.Stored.None n -> new Resumed(List.of(), Optional.empty());
                case RemotePlanFile.Stored.Unusable u -> unusable(u.reason());
                case RemotePlanFile.Stored.Plan p when !settings.remote() -> {
                    LOG.warn("remote care plans are off (remoteCarePlans: false): the plan {} from the cloud is not "
                            + "run; the installed plan {} is", shortDigest(p.digest()), shortDigest(inForce));
                    moveAside("superseded");
                    yield new Resumed(List.of(), Optional.empty());
                }
                case RemotePlanFile.Stored.Plan p when !p.base().equals(settings.installedDigest()) -> {
                    LOG.warn("the installed care plan changed since the plan {} from the cloud was applied (then {}, "
                            + "now {}): the installed plan runs", shortDigest(p.digest()), shortDigest(p.base()),
                            shortDigest(settings.installedDigest()));
                    moveAside("superseded");
                    yield new Resumed(List.of(), Optional.empty());
                }
                case RemotePlanFile.Stored.Plan p -> {
                    List<Outcome> outcomes = engine.replacePlan(p.plan());
                    remoteYaml = p.yaml();
                    inForce = p.digest();
                    LOG.info("care plan {} from the cloud runs again after the restart", shortDigest(p.digest()));
                    yield new Resumed(outcomes, Optional.empty());
                }
            };
        } catch (RuntimeException e) {
            return unusable("cannot run on this hub (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** What {@link #resume()} did: the engine's outcomes, and a note for the cloud when the kept plan was unusable. */
    public record Resumed(List<Outcome> outcomes, Optional<String> note) {
    }

    private Resumed unusable(String reason) {
        LOG.error("the care plan kept from the cloud ({}) {}: the installed plan {} runs", file.path(), reason,
                shortDigest(inForce));
        moveAside("unusable");
        return new Resumed(List.of(), Optional.of("carePlan from the cloud not resumed after a restart: the kept file "
                + reason + "; the installed plan " + shortDigest(inForce) + " runs"));
    }

    private void moveAside(String suffix) {
        try {
            LOG.info("moved the kept care plan to {}", file.moveAside(suffix));
        } catch (IOException e) {
            LOG.error("cannot move {} aside: {}", file.path(), e.toString());
        }
    }

    /** After a plan was kept but could not run: the file goes back to what runs. */
    private void restoreFile() {
        try {
            if (remoteYaml == null) {
                file.delete();
            } else {
                file.save(remoteYaml, inForce, base(), clock.instant());
            }
        } catch (IOException e) {
            LOG.error("cannot restore {}: {}", file.path(), e.toString());
        }
    }

    /** A plan from the cloud always replaces the installed plan, whatever ran in between. */
    private String base() {
        return settings.installedDigest();
    }

    /** The first 12 hex digits: enough to tell versions apart in a log line or an event. */
    public static String shortDigest(String digest) {
        return digest == null ? "unknown" : digest.length() > 12 ? digest.substring(0, 12) : digest;
    }
}
