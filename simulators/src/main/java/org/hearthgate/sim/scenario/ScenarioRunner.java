package org.hearthgate.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.hub.Annunciator;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.hub.uplink.Uplink;

/** Runs a {@link HomeScenario} through a real hub on a virtual clock and checks what it expected. */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    /**
     * The outcome of a run.
     *
     * @param result   what reached the cloud
     * @param problems how it differed from the scenario's expectation (empty: as expected)
     * @param log      the acts, one line each, in the home's local time
     */
    public record Run(HomeScenario scenario, ScenarioResult result, List<String> problems, List<String> log) {
        public boolean asExpected() {
            return problems.isEmpty();
        }
    }

    /**
     * @param firstDay the scenario's day 0
     * @param settings the hub's identity (its heartbeat runs in real time)
     * @param cloud    a real uplink to a broker, or null for an in-process cloud that receipts everything
     * @param workDir  where the hub keeps its outbox
     */
    public static Run run(HomeScenario scenario, LocalDate firstDay, HubSettings settings, Uplink cloud, Path workDir,
            Annunciator annunciator, HubObserver observer, Duration patience) throws InterruptedException {
        return run(scenario, firstDay, settings, cloud, workDir, annunciator, observer, patience, (home, run) -> {
        });
    }

    /**
     * What a home does once its scenario has been played and checked, before its hub is closed: a demo keeps the
     * resident living on (see {@link Residence#liveUntil}), so the hub stays online instead of falling silent.
     */
    @FunctionalInterface
    public interface Afterwards {
        void play(Residence home, Run run) throws InterruptedException;
    }

    /** As {@link #run(HomeScenario, LocalDate, HubSettings, Uplink, Path, Annunciator, HubObserver, Duration)}, then
     * {@code afterwards} with the home still running; the hub closes when it returns (or throws). */
    public static Run run(HomeScenario scenario, LocalDate firstDay, HubSettings settings, Uplink cloud, Path workDir,
            Annunciator annunciator, HubObserver observer, Duration patience, Afterwards afterwards)
            throws InterruptedException {
        CarePlan plan = CarePlan.parse(carePlan(scenario.carePlan()));
        try (Residence home = new Residence(settings, plan, scenario.persona(), firstDay.atTime(scenario.startsAt()),
                cloud, workDir, annunciator, observer)) {
            home.start();
            if (scenario.startsAt().isBefore(scenario.persona().wakes())) {
                home.bed(true); // asleep when the scenario begins
            }
            scenario.script().play(home);
            ScenarioResult result = home.finish(patience);
            Run run = new Run(scenario, result, scenario.expected().check(result), home.log());
            afterwards.play(home, run);
            return run;
        }
    }

    /**
     * The first day that makes {@code scenario} end before {@code now}, as late as it can: its last lived day ends
     * when the persona gets up on day {@code days - 1}, which is this morning if that is already past (with a quarter
     * of an hour to spare for delivery), else yesterday morning. A hub's clock never runs ahead of the cloud's.
     */
    public static LocalDate firstDayEndingBefore(HomeScenario scenario, java.time.ZonedDateTime now) {
        LocalDateTime local = now.withZoneSameInstant(Residence.ZONE).toLocalDateTime();
        LocalDate lastMorning = local.toLocalDate();
        if (!new org.hearthgate.sim.persona.Routine(scenario.persona()).wakes(lastMorning).plusMinutes(15)
                .isBefore(local)) {
            lastMorning = lastMorning.minusDays(1);
        }
        return lastMorning.minusDays(scenario.days() - 1L);
    }

    /** Runs in-process: the loopback cloud, a silent hub. */
    public static Run run(HomeScenario scenario, LocalDate firstDay, HubSettings settings, Path workDir)
            throws InterruptedException {
        return run(scenario, firstDay, settings, null, workDir, SILENT, HubObserver.NONE, Duration.ofSeconds(60));
    }

    /** A hub with no speaker: a scenario's days of prompts would otherwise fill the log. */
    public static final Annunciator SILENT = new Annunciator() {
        @Override
        public void announce(org.hearthgate.hub.Announcement a) {
        }

        @Override
        public void prompt(String text, boolean cancellable) {
        }
    };

    /** The text of a care-plan resource next to this class. */
    public static String carePlan(String name) {
        try (InputStream in = ScenarioRunner.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no care plan resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read care plan " + name, e);
        }
    }
}
