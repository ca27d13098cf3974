package org.hearthgate.sim.broker;

/** An MQTT 5 broker on loopback that this process started, for the demo and integration tests. */
public interface Broker extends AutoCloseable {

    /** {@code tcp://127.0.0.1:port}. */
    String url();

    /** Kills the broker (as a crash would, when the implementation can) without deleting its data. */
    @Override
    void close();

    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }
}
