package org.hearthgate.contract.wire;

import java.util.Map;
import org.hearthgate.contract.Require;

/** A remote instruction to a hub: {@code test-transmission}, {@code away-on}, {@code away-off}, {@code announce}. */
public record Command(String name, Map<String, String> args) implements Payload {
    public Command {
        Require.text(name, 48, "name");
        args = args == null ? Map.of() : Map.copyOf(args);
        if (args.size() > 32) {
            throw new IllegalArgumentException("args: at most 32 entries");
        }
    }

    @Override
    public Channel channel() {
        return Channel.COMMAND;
    }
}
