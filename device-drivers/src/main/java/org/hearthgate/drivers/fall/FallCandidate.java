package org.hearthgate.drivers.fall;

/**
 * The measured features of one impact the detector looked at, whether or not it was judged a fall. Every decision
 * the detector makes can be explained from these numbers and the thresholds in {@link FallParameters}.
 *
 * @param impactSample          index of the last impact of the episode (the post-impact window follows it)
 * @param peakG                 the highest filtered acceleration magnitude in the episode, in g
 * @param orientationChangeDeg  angle between the mean gravity direction before the fall and after it
 * @param preTiltDeg            angle between the gravity direction before the fall and the device's upright axis
 *                              (a wearer already lying down cannot fall)
 * @param postTiltDeg           angle between the mean gravity direction after the impact and the device's upright axis
 *                              (about 90 when lying, about 0 when standing)
 * @param postStdG              standard deviation of the filtered magnitude in the post-impact window (stillness)
 */
public record FallCandidate(long impactSample, double peakG, double orientationChangeDeg, double preTiltDeg,
        double postTiltDeg, double postStdG) {
}
