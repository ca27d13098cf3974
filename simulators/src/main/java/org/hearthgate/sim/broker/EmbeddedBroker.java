package org.hearthgate.sim.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hearthgate.sim.stack.TempDirs;

/**
 * HiveMQ Community Edition, embedded: the demo's broker (MQTT 5, shared subscriptions, persistent sessions). It
 * weighs about 100 MB of jars, so it lives here in simulators and never on the hub. Usage statistics are off: the
 * machine must not phone home.
 */
public final class EmbeddedBroker implements Broker {
    private final EmbeddedHiveMQ hive;
    private final Path base;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hive, Path base, int port) {
        this.hive = hive;
        this.base = base;
        this.port = port;
    }

    public static EmbeddedBroker start(int port) {
        try {
            Path base = TempDirs.create("hearthgate-hivemq");
            Path conf = Files.createDirectories(base.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <hivemq>
                      <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                      <persistence><mode>in-memory</mode></persistence>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>""".formatted(port));
            EmbeddedHiveMQ hive = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(base.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(base.resolve("ext"))).build();
            hive.start().join();
            return new EmbeddedBroker(hive, base, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            hive.stop().join();
            hive.close();
        } catch (Exception e) {
            // stopping anyway
        }
        TempDirs.deleteIfMadeHere(base);
    }
}
