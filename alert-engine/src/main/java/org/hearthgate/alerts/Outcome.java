package org.hearthgate.alerts;

import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.AlarmUpdate;
import org.hearthgate.contract.wire.Event;

/**
 * What the engine decided. The hub turns {@link Raise}, {@link Update} and {@link Notify} into wire messages in its
 * outbox, and {@link Prompt} into a local announcement to the resident (a pre-alarm they can cancel).
 */
public sealed interface Outcome {

    record Raise(AlarmRaised alarm) implements Outcome {
    }

    record Update(AlarmUpdate update) implements Outcome {
    }

    record Notify(Event event) implements Outcome {
    }

    /** Say something to the resident at home; {@code cancellable} prompts wait for the cancel button. */
    record Prompt(String key, String text, boolean cancellable) implements Outcome {
    }
}
