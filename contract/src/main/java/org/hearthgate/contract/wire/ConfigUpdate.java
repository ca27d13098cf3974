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

    @Override
    public Channel channel() {
        return Channel.CONFIG;
    }
}
