package org.hearthgate.relay;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.config.YamlConfig;
import org.hearthgate.mqtt.Tls;
import org.hearthgate.relay.directory.Role;
import org.hearthgate.relay.notify.NotifyConfig;
import org.hearthgate.relay.readings.InfluxReadingStore;

/**
 * The cloud relay's configuration file (YAML). See the README's configuration reference. {@code notify:} (the
 * component {@code notifications}, since a record cannot have a {@code notify()} accessor) holds the channels to
 * people; without it the relay has none.
 * {@code database} is a {@code postgresql://user:password@host:port/db} URL or the path of a SQLite file.
 */
public record RelayConfig(Broker broker, String database, Console console, List<User> users, List<Hub> hubs,
        Sms sms, Integer testTransmissionHours, Metrics metrics,
        @JsonProperty("notify") NotifyConfig notifications, Readings readings, Escalation escalation,
        Security security) {

    /**
     * Data at rest: {@code fieldKeyFile} holds the key (32 random bytes, base64, owner-only 0600) that seals residents'
     * key-safe codes in the database. Every relay of one service needs the same file; back it up apart from the
     * database. Without it a SQLite relay makes {@code <database>.field-key}; a PostgreSQL relay stores codes in
     * clear and warns. The file is checked at start-up (present, 32 bytes, owner-only).
     */
    public record Security(String fieldKeyFile) {
        public Security {
            Require.present(fieldKeyFile, "fieldKeyFile");
            try {
                org.hearthgate.relay.access.FieldCipher.load(Path.of(fieldKeyFile));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fieldKeyFile: " + e.getMessage(), e);
            }
        }
    }

    /** {@code security.fieldKeyFile}; null when not configured (then {@code FieldKeys}' default). */
    public Path fieldKeyFile() {
        return security == null ? null : Path.of(security.fieldKeyFile());
    }

    /**
     * Escalation policies per tenant: {@code policies: {<tenant>: <file>}}, each file a policy set
     * (docs/escalation.md); a tenant without one uses the built-in policy. Read and checked at start-up.
     */
    public record Escalation(java.util.Map<String, String> policies) {
        public Escalation {
            policies = policies == null ? java.util.Map.of() : java.util.Map.copyOf(policies);
            policies.keySet().forEach(org.hearthgate.contract.TenantId::of);
        }
    }

    /** {@code GET /metrics} for Prometheus; {@code token}: the bearer secret a scraper must present (none: open). */
    public record Metrics(String token) {
        public Metrics {
            if (token != null && token.length() < 24) {
                throw new IllegalArgumentException("token: use a random secret of at least 24 characters");
            }
        }

        @Override
        public String toString() {
            return "Metrics[token=" + (token == null ? null : "***") + "]";
        }
    }

    /**
     * Where readings go: without this block (or without {@code influx}) they stay in the relay store. {@code spool}
     * is the folder of the local spool that holds readings while InfluxDB is down (default: beside the database).
     */
    public record Readings(Influx influx, String spool) {
    }

    /** InfluxDB 1.x (or 2/3 through the v1 API); {@code retentionDays} defaults to five years. */
    public record Influx(String url, String database, String username, String password, Integer retentionDays) {
        public Influx {
            Require.present(url, "url");
            if (!url.matches("https?://.+")) {
                throw new IllegalArgumentException("url: '" + url + "' must start with http:// or https://");
            }
            database = database == null ? "hearthgate" : database;
            if (!database.matches("[A-Za-z0-9_\\-]{1,64}")) {
                throw new IllegalArgumentException("database: '" + database + "' use letters, digits, _ and -");
            }
            retentionDays = retentionDays == null ? 5 * 365 : retentionDays;
            Require.between(retentionDays, 1, 100 * 366, "retentionDays");
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("username: give both username and password, or neither");
            }
        }

        @Override
        public String toString() {
            return "Influx[url=" + url + ", database=" + database + ", username=" + username + ", password="
                    + (password == null ? null : "***") + ", retentionDays=" + retentionDays + "]";
        }
    }

    /** The SMS gateway's callback for hubs' fallback texts; {@code inboundToken} is the shared bearer secret. */
    public record Sms(String inboundToken) {
        public Sms {
            Require.present(inboundToken, "inboundToken");
            if (inboundToken.length() < 24) {
                throw new IllegalArgumentException("inboundToken: use a random secret of at least 24 characters");
            }
        }

        @Override
        public String toString() {
            return "Sms[inboundToken=***]"; // secrets never reach a log
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

        @Override
        public String toString() {
            return "Broker[url=" + url + ", username=" + username + ", password=" + (password == null ? null : "***")
                    + ", clientId=" + clientId + ", shareGroup=" + shareGroup + "]"; // secrets never reach a log
        }

    }

    /**
     * Where the console listens; {@code publicUrl} is how people outside reach it (the address in "I'm going"
     * links sent to family and neighbours, e.g. {@code https://care.example.org}; default: host and port).
     */
    public record Console(String host, Integer port, String publicUrl) {
        public Console {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? 8080 : port;
            Require.between(port, 0, 65_535, "port");
        }
    }

    /**
     * A console account; make {@code passwordHash} with {@code ./hearthgate cloud --hash-password}. {@code tenant}
     * may be left out when every configured hub is in one tenant (or there are none: then "default"). Accounts for
     * a whole service belong in the care directory ({@code ./hearthgate admin import}); these are for the first
     * admin and for small set-ups.
     */
    public record User(String name, String tenant, Role role, String passwordHash, String totpSecret) {
        public User {
            Require.text(name, 64, "name");
            if (tenant != null) {
                org.hearthgate.contract.TenantId.of(tenant);
            }
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
        console = console == null ? new Console(null, null, null) : console;
        users = users == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(users);
        java.util.SortedSet<String> tenants = new java.util.TreeSet<>();
        hubs.forEach(h -> tenants.add(h.tenant()));
        for (int i = 0; i < users.size(); i++) {
            User u = users.get(i);
            if (u.tenant() == null) {
                if (tenants.size() > 1) {
                    throw new IllegalArgumentException("users[" + i + "].tenant: required when hubs are in several "
                            + "tenants " + tenants);
                }
                users.set(i, new User(u.name(), tenants.isEmpty() ? "default" : tenants.first(), u.role(),
                        u.passwordHash(), u.totpSecret()));
            }
        }
        users = List.copyOf(users);
    }

    /** The InfluxDB reading store's settings; null when readings stay in the relay store. */
    public InfluxReadingStore.Settings influx() {
        if (readings == null || readings.influx() == null) {
            return null;
        }
        Influx i = readings.influx();
        if (readings.spool() == null && database.contains("://")) {
            throw new IllegalArgumentException("readings.spool: give the spool's folder when the database is not a file");
        }
        Path spool = readings.spool() != null ? Path.of(readings.spool())
                : Path.of(database).toAbsolutePath().resolveSibling("readings-spool");
        return new InfluxReadingStore.Settings(i.url(), i.database(), i.username(), i.password(),
                java.time.Duration.ofDays(i.retentionDays()), null, spool, 0, null, 0, null);
    }

    /** Readings, channels to people, and the public address, for {@link Relay.People}. */
    public Relay.People people() {
        java.util.Map<org.hearthgate.contract.TenantId, Path> policies = new java.util.LinkedHashMap<>();
        if (escalation != null) {
            escalation.policies().forEach((t, f) -> policies.put(org.hearthgate.contract.TenantId.of(t), Path.of(f)));
        }
        return new Relay.People(influx(), notifications, console.publicUrl(), policies, List.of(), fieldKeyFile());
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
                sms == null ? null : sms.inboundToken(), java.time.Duration.ofHours(testTransmissionHours),
                metrics == null ? null : metrics.token());
    }
}
