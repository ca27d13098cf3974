package org.hearthgate.sim.fall;

import java.util.List;
import org.hearthgate.drivers.fall.FallCandidate;
import org.hearthgate.drivers.fall.FallParameters;

/**
 * Every candidate impact the detector evaluated in one trial at one sample rate. Which candidates exist does not
 * depend on the decision thresholds (see {@link FallParameters}), so a trial is run once and then judged under any
 * number of threshold sets; this is what makes tuning and cross-validation cheap.
 */
public record TrialCandidates(SisFallTrial trial, double durationS, List<FallCandidate> candidates) {

    public TrialCandidates {
        candidates = List.copyOf(candidates);
    }

    /** How many of the candidates the rule calls falls: the alarms the detector would have raised in this trial. */
    public int alarms(FallParameters p) {
        int a = 0;
        for (FallCandidate c : candidates) {
            if (p.isFall(c)) {
                a++;
            }
        }
        return a;
    }
}
