package org.hearthgate.relay;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.relay.console.Users;

/** The cloud-relay process: {@code ./hearthgate cloud --config cloud.yaml}. Runs until SIGTERM. */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !"--config".equals(args[0])) {
            System.err.println("usage: cloud --config cloud.yaml");
            System.exit(2);
        }
        RelayConfig config;
        try {
            config = RelayConfig.load(Path.of(args[1]));
        } catch (ConfigException e) {
            System.err.println("cloud: " + args[1] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Relay relay;
        try {
            relay = start(config, Clock.systemUTC());
        } catch (IllegalArgumentException e) { // e.g. the field key file beside a SQLite database is missing
            System.err.println("cloud: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.err.println("cloud relay: console on http://" + config.console().host() + ":" + relay.consolePort() + "/");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            stopped.countDown();
        }, "relay-shutdown"));
        stopped.await();
    }

    public static Relay start(RelayConfig config, Clock clock) {
        Users users = new Users(clock);
        for (RelayConfig.User u : config.users()) {
            users.add(new org.hearthgate.relay.directory.Account(u.name(),
                    org.hearthgate.contract.TenantId.of(u.tenant()), u.role(), u.passwordHash(), u.totpSecret(), null,
                    false));
        }
        return new Relay(config.settings(), config.people(), users, clock).start();
    }
}
