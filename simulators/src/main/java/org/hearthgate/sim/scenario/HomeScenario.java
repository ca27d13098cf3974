package org.hearthgate.sim.scenario;

import java.time.LocalTime;
import org.hearthgate.sim.persona.Persona;

/**
 * A scripted stretch of a resident's life, played on a virtual clock through the real hub: drivers, alert engine,
 * outbox. It names its care plan and persona, when it starts and how many days it spans, and what the plan should
 * raise ({@link Expected}), so a test, or {@code ./hearthgate sim}, can check that it did.
 *
 * @param id          the name on the command line
 * @param description what happens, in a sentence or two
 * @param carePlan    a care plan resource next to this class (frailty.yaml, hypertension.yaml, heart-failure.yaml)
 * @param persona     who lives there
 * @param startsAt    the local time on the first day at which the script starts
 * @param days        how many calendar days the script touches (so a run against a live cloud ends about now)
 * @param expected    what must and must not reach the cloud
 * @param script      what happens
 */
public record HomeScenario(String id, String description, String carePlan, Persona persona, LocalTime startsAt,
        int days, Expected expected, Script script) {

    /** The scenario's events, told to the simulated home. */
    @FunctionalInterface
    public interface Script {
        void play(Residence home) throws InterruptedException;
    }
}
