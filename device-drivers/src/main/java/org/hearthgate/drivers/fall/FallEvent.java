package org.hearthgate.drivers.fall;

/**
 * A fall the detector has decided on, reported once the post-impact window is complete.
 *
 * @param samplesSinceImpact how many samples before the one that completed the decision the impact happened; lets a
 *                           caller turn its own sample timestamps into the impact time
 * @param confidence         0.5 at the decision boundary, towards 1 the further every feature is beyond its threshold
 */
public record FallEvent(FallCandidate features, long samplesSinceImpact, double confidence) {
}
