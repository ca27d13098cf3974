package org.hearthgate.drivers.coap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * A real Californium server on loopback playing a CoAP sensor: one observable resource whose JSON payload carries a
 * sequence number, sent as CON notifications with a short Max-Age. Restartable on the same port.
 */
final class TestSensorServer implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String path;
    private final PskCredentials psk;
    private final int maxAgeSeconds;
    private final AtomicReference<String> body = new AtomicReference<>();
    private ScheduledExecutorService heartbeats;
    private long seq;
    private int port;
    private CoapServer server;
    private SensorResource resource;
    private String companionPath;
    private String companionValue;
    private SensorResource companion;

    TestSensorServer(String path, String initialValue, int maxAgeSeconds, PskCredentials psk) {
        this.path = path;
        this.psk = psk;
        this.maxAgeSeconds = maxAgeSeconds;
        this.body.set(json(0, initialValue));
    }

    /** Adds a second resource with a fixed reading (seq 0), as a multi-sensor has; call before {@link #start()}. */
    TestSensorServer withCompanion(String companionPath, String value) {
        this.companionPath = companionPath;
        this.companionValue = value;
        return this;
    }

    URI uri(String resourcePath) {
        return URI.create((psk != null ? "coaps" : "coap") + "://127.0.0.1:" + port + "/" + resourcePath);
    }

    /** Starts on an ephemeral port the first time, on the same port after {@link #stop()}. */
    synchronized TestSensorServer start() throws IOException {
        stopHeartbeats();
        Configuration config = CaliforniumSetup.serverConfiguration();
        server = new CoapServer(config);
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, port);
        CoapEndpoint endpoint;
        if (psk != null) {
            AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
            keys.setKey(psk.identity(), psk.secret());
            endpoint = new CoapEndpoint.Builder().setConfiguration(config)
                    .setConnector(new DTLSConnector(DtlsConnectorConfig.builder(config).setAddress(address)
                            .setAdvancedPskStore(keys).build()))
                    .build();
        } else {
            endpoint = new CoapEndpoint.Builder().setConfiguration(config).setInetSocketAddress(address).build();
        }
        server.addEndpoint(endpoint);
        resource = new SensorResource(path, body::get);
        server.add(resource);
        if (companionPath != null) {
            String fixed = json(0, companionValue);
            companion = new SensorResource(companionPath, () -> fixed);
            server.add(companion);
        }
        server.start();
        port = endpoint.getAddress().getPort();
        startHeartbeats();
        return this;
    }

    /** Sensors notify at least once per Max-Age, so a healthy relation is never silent for longer. */
    synchronized void startHeartbeats() {
        heartbeats = Executors.newSingleThreadScheduledExecutor();
        long every = maxAgeSeconds * 1000L / 3;
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    URI uri() {
        return URI.create((psk != null ? "coaps" : "coap") + "://127.0.0.1:" + port + "/" + path);
    }

    /** A new reading: the next seq, notified to observers. */
    synchronized void publish(String jsonValue) {
        seq++;
        body.set(json(seq, jsonValue));
        resource.changed();
    }

    /** Stops the heartbeats, as a sensor with a stuck notification task would. */
    synchronized void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            heartbeats = null;
        }
    }

    /** A sensor that reboots: it forgets its observers and counts {@code seq} from zero again. */
    synchronized void reboot(String value) throws IOException {
        stop();
        seq = 0;
        body.set(json(0, value));
        start();
    }

    /** A heartbeat: the same reading again, as sensors send at least once per Max-Age. */
    synchronized void heartbeat() {
        if (resource != null && server != null) {
            resource.changed();
            if (companion != null) {
                companion.changed();
            }
        }
    }

    /** Replaces the whole payload, to send something invalid; the next {@link #publish} replaces it again. */
    synchronized void sendRaw(String payload) {
        body.set(payload);
        resource.changed();
    }

    /** Ends every observe relation with 4.04, as a sensor shutting down a resource does. */
    synchronized void endObservations() {
        resource.clearAndNotifyObserveRelations(CoAP.ResponseCode.NOT_FOUND);
    }

    int observers() {
        return resource.getObserverCount();
    }

    synchronized void stop() {
        stopHeartbeats();
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static String json(long seq, String value) {
        return "{\"seq\":" + seq + ",\"value\":" + value + "}";
    }

    private final class SensorResource extends CoapResource {
        private final java.util.function.Supplier<String> content;

        SensorResource(String name, java.util.function.Supplier<String> content) {
            super(name);
            this.content = content;
            setObservable(true);
            // CON notifications: NON ones can end on a stale value in a burst (reference/tech.md §6).
            setObserveType(CoAP.Type.CON);
            getAttributes().setObservable();
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            Response response = new Response(CoAP.ResponseCode.CONTENT);
            response.setPayload(content.get());
            response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
            response.getOptions().setMaxAge(maxAgeSeconds);
            exchange.respond(response);
        }
    }
}
