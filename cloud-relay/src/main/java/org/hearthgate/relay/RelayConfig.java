package org.hearthgate.relay;

import java.nio.file.Path;
import java.util.List;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.config.YamlConfig;
import org.hearthgate.relay.console.Users;

/** The cloud relay's configuration file (YAML). See the README's configuration reference. */
public record RelayConfig(Broker broker, String database, Console console, List<User> users) {

    public record Broker(String url, String username, String password, String clientId, String shareGroup) {
        public Broker {
            Require.present(url, "url");
            if (!url.matches("(tcp|ssl|ws|wss)://.+")) {
                throw new IllegalArgumentException("url: '" + url + "' must start with tcp://, ssl://, ws:// or wss://");
            }
            clientId = clientId == null ? "relay-" + java.util.UUID.randomUUID().toString().substring(0, 8) : clientId;
            shareGroup = shareGroup == null ? "relay" : shareGroup;
        }
    }

    public record Console(String host, Integer port) {
        public Console {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 8080 : port;
            Require.between(port, 0, 65_535, "port");
        }
    }

    /** A console account; make {@code passwordHash} with {@code ./hearthgate cloud --hash-password}. */
    public record User(String name, Users.Role role, String passwordHash) {
        public User {
            Require.text(name, 64, "name");
            Require.present(role, "role");
            Require.present(passwordHash, "passwordHash");
            if (!passwordHash.startsWith("pbkdf2$")) {
                throw new IllegalArgumentException("passwordHash: not a pbkdf2 hash (use --hash-password)");
            }
        }
    }

    public RelayConfig {
        Require.present(broker, "broker");
        Require.present(database, "database");
        console = console == null ? new Console(null, null) : console;
        users = users == null ? List.of() : List.copyOf(users);
        if (users.isEmpty()) {
            throw new IllegalArgumentException("users: at least one console account is needed");
        }
    }

    public static RelayConfig load(Path file) {
        return YamlConfig.load(file, RelayConfig.class);
    }

    public Relay.Settings settings() {
        return new Relay.Settings(broker.url(), broker.clientId(), broker.username(),
                broker.password() == null ? null : broker.password().toCharArray(), broker.shareGroup(),
                Path.of(database), console.host(), console.port());
    }
}
