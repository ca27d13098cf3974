package org.hearthgate.relay.escalation;

import java.util.List;
import org.hearthgate.contract.Require;

/**
 * An escalation chain, as data: the {@code steps} run in order, the whole chain is repeated up to {@code repeat}
 * more times while nobody has acknowledged the alarm, and then {@code finalStep} runs, which nothing can skip
 * (neither quiet hours nor an only-between gate), so that no alarm ends silently.
 */
public record EscalationPolicy(String name, List<Step> steps, int repeat, Step.Notify finalStep) {
    public EscalationPolicy {
        Require.present(name, "name");
        steps = List.copyOf(Require.present(steps, "steps"));
        Require.present(finalStep, "final");
        if (repeat < 0 || repeat > 20) {
            throw new IllegalArgumentException("repeat: " + repeat + " is outside 0..20");
        }
        if (steps.stream().noneMatch(Step.Notify.class::isInstance)) {
            throw new IllegalArgumentException("steps: no notify step (only the final step would ever tell anyone)");
        }
        if (repeat > 0 && steps.stream().noneMatch(Step.Wait.class::isInstance)) {
            throw new IllegalArgumentException("repeat: a repeated chain needs a wait step, or it repeats at once");
        }
    }
}
