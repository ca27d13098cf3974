package org.hearthgate.contract.wire;

import org.hearthgate.contract.Require;

/** Settings the cloud pushes to a hub; each is optional and absent means "keep yours". */
public record ConfigUpdate(Integer heartbeatS, String carePlanYaml) implements Payload {
    public ConfigUpdate {
        if (heartbeatS != null) {
            Require.between(heartbeatS, 10, 3_600, "heartbeatS");
        }
        Require.optionalText(carePlanYaml, 32_000, "carePlanYaml");
    }

    /**
     * The identity of a care plan's text: lowercase hex SHA-256 of its UTF-8 bytes (64 characters). The cloud keeps it
     * with each version it pushes; the hub reports the digest of the plan it runs in every heartbeat.
     */
    public static String carePlanDigest(String carePlanYaml) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(carePlanYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public Channel channel() {
        return Channel.CONFIG;
    }
}
