package org.hearthgate.relay;

import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.config.YamlConfig;
import org.hearthgate.mqtt.Tls;
import org.hearthgate.relay.console.Users;

/**
 * The cloud relay's configuration file (YAML). See the README's configuration reference. {@code database} is a
 * {@code postgresql://user:password@host:port/db} URL or the path of a SQLite file.
 */
public record RelayConfig(Broker broker, String database, Console console, List<User> users, List<Hub> hubs,
        Sms sms, Integer testTransmissionHours) {

    /** The SMS gateway's callback for hubs' fallback texts; {@code inboundToken} is the shared bearer secret. */
    public record Sms(String inboundToken) {
        public Sms {
            Require.present(inboundToken, "inboundToken");
            if (inboundToken.length() < 24) {
                throw new IllegalArgumentException("inboundToken: use a random secret of at least 24 characters");
            }
        }
    }

    /**
     * The broker: {@code caFile} is the CA its certificate must come from (without it an {@code ssl://} broker needs
     * a public CA's certificate); {@code certFile} + {@code keyFile} are the relay's own, for a broker that requires
     * client certificates (CN {@code relay}). The files are read at start-up, so a bad one fails naming the key.
     * {@code sessionExpirySeconds}: how long the broker queues for this relay while it is away (default 300);
     * {@code receiveMaximum}: unacknowledged messages the broker may push to the relay at once (default 1000).
     */
    public record Broker(String url, String username, String password, String clientId, String shareGroup,
            String caFile, String certFile, String keyFile, Integer sessionExpirySeconds, Integer receiveMaximum) {
        public Broker {
            sessionExpirySeconds = sessionExpirySeconds == null ? 300 : sessionExpirySeconds;
            receiveMaximum = receiveMaximum == null ? 1_000 : receiveMaximum;
            Require.between(sessionExpirySeconds, 10, 7 * 24 * 3600, "sessionExpirySeconds");
            Require.between(receiveMaximum, 1, 65_535, "receiveMaximum");
            Require.present(url, "url");
            if (!url.matches("(tcp|ssl|ws|wss)://.+")) {
                throw new IllegalArgumentException("url: '" + url + "' must start with tcp://, ssl://, ws:// or wss://");
            }
            clientId = clientId == null ? "relay-" + java.util.UUID.randomUUID().toString().substring(0, 8) : clientId;
            shareGroup = shareGroup == null ? "relay" : shareGroup;
            Tls.forBroker(url, caFile, certFile, keyFile);
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

    /** A registered hub: the relay takes messages only from these (and from hubs an admin confirms). */
    public record Hub(String tenant, String id) {
        public Hub {
            Require.present(tenant, "tenant");
            Require.present(id, "id");
            org.hearthgate.contract.TenantId.of(tenant);
            org.hearthgate.contract.HubId.of(id);
        }
    }

    public RelayConfig {
        Require.present(broker, "broker");
        hubs = hubs == null ? List.of() : List.copyOf(hubs);
        testTransmissionHours = testTransmissionHours == null ? 25 : testTransmissionHours;
        Require.between(testTransmissionHours, 2, 24 * 31 + 1, "testTransmissionHours");
        Require.present(database, "database");
        if (database.contains("://") && !database.matches("(postgresql|postgres)://[^/]+/\\w+(\\?.*)?")) {
            throw new IllegalArgumentException("database: a PostgreSQL URL looks like "
                    + "postgresql://user:password@host:5432/hearthgate; anything else is the path of a SQLite file");
        }
        console = console == null ? new Console(null, null) : console;
        users = users == null ? List.of() : List.copyOf(users);
        if (users.isEmpty()) {
            throw new IllegalArgumentException("users: at least one console account is needed");
        }
    }

    public static RelayConfig load(Path file) {
        return YamlConfig.load(file, RelayConfig.class);
    }

    /**
     * The TLS socket factory for the broker link, built from {@code broker.caFile}, {@code certFile} and
     * {@code keyFile}; null when none is given (plain TCP, or {@code ssl://} trusting the JDK's public CAs). Give it
     * to {@code MqttLink.Settings.withTls(...)}.
     */
    public SSLSocketFactory brokerTls() {
        return Tls.forBroker(broker.url(), broker.caFile(), broker.certFile(), broker.keyFile());
    }

    public Relay.Settings settings() {
        return new Relay.Settings(broker.url(), broker.clientId(), broker.username(),
                broker.password() == null ? null : broker.password().toCharArray(), broker.shareGroup(),
                database, console.host(), console.port(),
                hubs.stream().map(h -> new Relay.HubRef(h.tenant(), h.id())).toList(),
                java.time.Duration.ofSeconds(broker.sessionExpirySeconds()), broker.receiveMaximum(), null, brokerTls(),
                sms == null ? null : sms.inboundToken(), java.time.Duration.ofHours(testTransmissionHours));
    }
}
