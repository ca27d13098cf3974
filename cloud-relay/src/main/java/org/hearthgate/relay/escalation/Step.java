package org.hearthgate.relay.escalation;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.hearthgate.contract.Require;
import org.hearthgate.relay.notify.Channel;

/** One step of an escalation chain. */
public sealed interface Step {
    /** Tell {@code target} on each of {@code channels} (in this order) that the recipient has. */
    record Notify(Target target, List<Channel> channels) implements Step {
        public Notify {
            Require.present(target, "notify");
            channels = List.copyOf(Require.present(channels, "via"));
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("via: names no channel");
            }
        }
    }

    /** Give whoever was told time to take the alarm on before the next step. */
    record Wait(Duration duration) implements Step {
        public Wait {
            Require.present(duration, "wait");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("wait: must be at least 1 second");
            }
        }
    }

    /**
     * A gate: the chain goes on only between {@code from} and {@code to} (tenant's local time; may wrap midnight),
     * otherwise it pauses here until {@code from}. Used for advisories that go to a clinician's worklist in working
     * hours only. The final step is never gated.
     */
    record OnlyBetween(LocalTime from, LocalTime to) implements Step {
        public OnlyBetween {
            Require.present(from, "only-between");
            Require.present(to, "only-between");
            if (from.equals(to)) {
                throw new IllegalArgumentException("only-between: the window is empty");
            }
        }

        public boolean covers(LocalTime t) {
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }
    }
}
