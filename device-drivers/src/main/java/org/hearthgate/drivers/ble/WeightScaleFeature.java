package org.hearthgate.drivers.ble;

/**
 * Weight Scale Feature (0x2A9E, read; WSS 1.0, 3.2): which optional fields the scale supports and the resolution of
 * its weight and height fields.
 * <pre>
 * u32: b0 timestamp supported, b1 multiple users, b2 BMI supported, b3-6 weight resolution, b7-9 height resolution
 * weight resolution: 0 not specified, 1 0.5 kg|1 lb, 2 0.2|0.5, 3 0.1|0.2, 4 0.05|0.1, 5 0.02|0.05, 6 0.01|0.02,
 *                    7 0.005|0.01
 * height resolution: 0 not specified, 1 0.01 m|1 in, 2 0.005|0.5, 3 0.001|0.1
 * </pre>
 * "Not specified" means the Weight Measurement defaults: 0.005 kg / 0.01 lb and 0.001 m / 0.1 in.
 */
public record WeightScaleFeature(boolean timestampSupported, boolean multipleUsers, boolean bmiSupported,
                                 int weightResolutionCode, int heightResolutionCode) {

    private static final double[] WEIGHT_KG = {0.005, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005};
    private static final double[] WEIGHT_LB = {0.01, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01};
    private static final double[] HEIGHT_M = {0.001, 0.01, 0.005, 0.001};
    private static final double[] HEIGHT_IN = {0.1, 1, 0.5, 0.1};

    /** A scale that has not told us its features: the specification's default resolutions. */
    public static final WeightScaleFeature DEFAULT = new WeightScaleFeature(false, false, false, 0, 0);

    public WeightScaleFeature {
        if (weightResolutionCode < 0 || weightResolutionCode > 7) {
            throw new IllegalArgumentException("weight resolution code " + weightResolutionCode + " is outside 0..7");
        }
        if (heightResolutionCode < 0 || heightResolutionCode > 3) {
            throw new IllegalArgumentException("height resolution code " + heightResolutionCode + " is outside 0..3");
        }
    }

    /**
     * Decodes the feature value.
     *
     * @throws FrameException if it is not 4 bytes or uses a reserved resolution code
     */
    public static WeightScaleFeature parse(byte[] value) throws FrameException {
        FrameReader in = new FrameReader(GattUuids.name(GattUuids.WEIGHT_SCALE_FEATURE), value);
        long bits = in.u32("features");
        in.end();
        int weight = (int) (bits >> 3) & 0xF;
        int height = (int) (bits >> 7) & 0x7;
        if (weight > 7) {
            throw in.error("weight measurement resolution", 0, "code " + weight + " is reserved");
        }
        if (height > 3) {
            throw in.error("height measurement resolution", 0, "code " + height + " is reserved");
        }
        return new WeightScaleFeature((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, weight, height);
    }

    double weightStep(boolean imperial) {
        return (imperial ? WEIGHT_LB : WEIGHT_KG)[weightResolutionCode];
    }

    double heightStep(boolean imperial) {
        return (imperial ? HEIGHT_IN : HEIGHT_M)[heightResolutionCode];
    }
}
