package org.hearthgate.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
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
        CarePlan plan = CarePlan.parse(carePlan(scenario.carePlan()));
        try (Residence home = new Residence(settings, plan, scenario.persona(), firstDay.atTime(scenario.startsAt()),
                cloud, workDir, annunciator, observer)) {
            home.start();
            if (scenario.startsAt().isBefore(scenario.persona().wakes())) {
                home.bed(true); // asleep when the scenario begins
            }
            scenario.script().play(home);
            ScenarioResult result = home.finish(patience);
            return new Run(scenario, result, scenario.expected().check(result), home.log());
        }
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
