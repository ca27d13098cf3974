package org.hearthgate.sim.devices;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * A CoAP sensor as a real Californium server on loopback: one observable resource that the hub's
 * {@code CoapSensors} driver observes, with the JSON body the driver reads ({@code seq}, {@code value},
 * {@code battery}, {@code at}; see {@code SensorPayload}), sent as CON notifications. Each {@link #report} is the
 * next reading. Plain CoAP (no DTLS): the simulator stands for the sensor, not for its keys.
 */
public final class SimulatedCoapSensor implements AutoCloseable {
    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final CoapServer server;
    private final Resource resource;
    private final int port;
    private volatile String body;
    private long seq;

    /** Starts a sensor at {@code coap://127.0.0.1:PORT/PATH} on a free port; {@code initialValue} is JSON. */
    public SimulatedCoapSensor(String path, String initialValue) {
        Configuration config = Configuration.createStandardWithoutFile();
        server = new CoapServer(config);
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        server.addEndpoint(endpoint);
        body = json(0, initialValue, null, null);
        resource = new Resource(path);
        server.add(resource);
        server.start();
        port = endpoint.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("coap://127.0.0.1:" + port + "/" + resource.getName());
    }

    /**
     * A new reading, notified to observers.
     *
     * @param jsonValue {@code true}/{@code false} for motion, door and bed; a number in °C for room temperature
     * @param battery   the sensor's battery in %, or null
     * @param atMillis  the sensor's own measurement time, or null when it has no synchronised clock
     */
    public synchronized void report(String jsonValue, Integer battery, Long atMillis) {
        seq++;
        body = json(seq, jsonValue, battery, atMillis);
        resource.changed();
    }

    /** Observe relations open now (the hub's driver holds one once it has registered). */
    public int observers() {
        return resource.getObserverCount();
    }

    private static String json(long seq, String value, Integer battery, Long at) {
        return "{\"seq\":" + seq + ",\"value\":" + value + (battery == null ? "" : ",\"battery\":" + battery)
                + (at == null ? "" : ",\"at\":" + at) + "}";
    }

    @Override
    public void close() {
        server.destroy();
    }

    private final class Resource extends CoapResource {
        Resource(String name) {
            super(name);
            setObservable(true);
            // CON notifications, as the hub expects of its sensors (NON ones may end on a stale value).
            setObserveType(CoAP.Type.CON);
            getAttributes().setObservable();
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            Response response = new Response(CoAP.ResponseCode.CONTENT);
            response.setPayload(body);
            response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
            response.getOptions().setMaxAge(60);
            exchange.respond(response);
        }
    }
}
