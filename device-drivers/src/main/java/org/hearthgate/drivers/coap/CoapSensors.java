package org.hearthgate.drivers.coap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.drivers.Driver;
import org.hearthgate.drivers.DriverCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activity and environment sensors on CoAP (RFC 7252) observed with RFC 7641, plain or over DTLS 1.2 with
 * pre-shared keys. Each sensor resource becomes one {@link SensorLink} that keeps its observe relation alive and
 * reports DeviceStatus ONLINE/OFFLINE as it comes and goes.
 *
 * <p>{@link #start} returns at once: endpoints, name resolution and the first registrations run on the driver's
 * own thread.
 */
public final class CoapSensors implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(CoapSensors.class);
    /**
     * How long close() waits for sensors to confirm they dropped our observations; a sensor that does not answer
     * drops it anyway when its next confirmable notification goes unacknowledged.
     */
    static final Duration DEREGISTER_WAIT = Duration.ofSeconds(1);

    private final List<CoapSensor> sensors;
    private final Clock clock;
    private final CoapSettings settings;
    private final List<SensorLink> links = new CopyOnWriteArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private ScheduledExecutorService timer;
    private DriverCallback callback;
    private volatile boolean closed;

    public CoapSensors(List<CoapSensor> sensors, Clock clock) {
        this(sensors, clock, CoapSettings.defaults());
    }

    public CoapSensors(List<CoapSensor> sensors, Clock clock, CoapSettings settings) {
        this.sensors = List.copyOf(Objects.requireNonNull(sensors, "sensors"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        var devices = new HashSet<>();
        Map<String, PskCredentials> keys = new HashMap<>();
        for (CoapSensor sensor : this.sensors) {
            if (!devices.add(sensor.device())) {
                throw new IllegalArgumentException("sensors: device " + sensor.device() + " is configured twice");
            }
            if (sensor.secure()) {
                // One DTLS session per sensor address, so one key per address.
                var other = keys.putIfAbsent(sensor.uri().getAuthority(), sensor.psk());
                if (other != null && !other.equals(sensor.psk())) {
                    throw new IllegalArgumentException("sensors: " + sensor.uri().getAuthority()
                            + " is given two different pre-shared keys");
                }
            }
        }
    }

    @Override
    public String name() {
        return "coap";
    }

    /** CoAP sensors re-affirm ONLINE hourly (see {@code CoapSettings}), so silence means they are gone. */
    @Override
    public List<org.hearthgate.contract.DeviceId> devices() {
        return sensors.stream().map(CoapSensor::device).distinct().toList();
    }

    @Override
    public synchronized void start(DriverCallback callback) {
        Objects.requireNonNull(callback, "callback");
        if (this.callback != null) {
            throw new IllegalStateException("coap: already started");
        }
        this.callback = callback;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coap-sensors");
            t.setDaemon(true);
            return t;
        });
        timer.execute(this::open);
        long period = settings.checkPeriod().toMillis();
        timer.scheduleAtFixedRate(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    private void open() {
        Configuration config = CaliforniumSetup.clientConfiguration();
        Endpoint plain = null;
        DTLSConnector dtls = null;
        Endpoint secure = null;
        AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
        List<SensorLink> opened = new ArrayList<>();
        Map<InetSocketAddress, PeerSession> sessions = new HashMap<>();
        for (CoapSensor sensor : sensors) {
            try {
                InetSocketAddress peer = peerOf(sensor);
                PeerSession session = sessions.computeIfAbsent(peer, p -> new PeerSession());
                SensorLink link;
                if (sensor.secure()) {
                    keys.addKnownPeer(peer, sensor.psk().identity(), sensor.psk().secret());
                    if (secure == null) {
                        dtls = new DTLSConnector(DtlsConnectorConfig.builder(config)
                                .setAddress(new InetSocketAddress(settings.bindAddress(), 0))
                                .setAdvancedPskStore(keys)
                                .build());
                        secure = new CoapEndpoint.Builder().setConfiguration(config).setConnector(dtls).build();
                        start(secure);
                    }
                    link = new SensorLink(sensor, secure, dtls, peer, session, clock, settings, callback);
                } else {
                    if (plain == null) {
                        plain = new CoapEndpoint.Builder().setConfiguration(config)
                                .setInetSocketAddress(new InetSocketAddress(settings.bindAddress(), 0)).build();
                        start(plain);
                    }
                    link = new SensorLink(sensor, plain, null, peer, session, clock, settings, callback);
                }
                opened.add(link);
            } catch (IOException | RuntimeException e) {
                LOG.error("coap: cannot set up sensor {}", sensor.device(), e);
                emit(new DeviceStatus(sensor.device(), clock.instant(), DeviceState.ERROR,
                        "cannot set up: " + e.getClass().getSimpleName()));
            }
        }
        synchronized (this) {
            if (closed) {
                opened.forEach(SensorLink::close);
                return;
            }
            links.addAll(opened);
        }
        opened.forEach(SensorLink::check);
    }

    private void start(Endpoint endpoint) throws IOException {
        synchronized (this) {
            endpoints.add(endpoint);
        }
        endpoint.start();
    }

    private static InetSocketAddress peerOf(CoapSensor sensor) throws UnknownHostException {
        int port = sensor.uri().getPort();
        if (port < 0) {
            port = sensor.secure() ? CoAP.DEFAULT_COAP_SECURE_PORT : CoAP.DEFAULT_COAP_PORT;
        }
        return new InetSocketAddress(InetAddress.getByName(sensor.uri().getHost()), port);
    }

    private void watch() {
        for (SensorLink link : links) {
            try {
                link.check();
            } catch (RuntimeException e) {
                // One broken link must not stop the watchdog for the others.
                LOG.error("coap: watchdog failed for sensor {}", link.sensor().device(), e);
            }
        }
    }

    private void emit(DeviceStatus status) {
        try {
            callback.observed(status);
        } catch (RuntimeException e) {
            LOG.error("coap: the hub's callback failed", e);
        }
    }

    public List<CoapSensor> sensors() {
        return sensors;
    }

    /** Payloads rejected as invalid since start, over all sensors (for the hub's counters). */
    public long rejectedPayloads() {
        return links.stream().mapToLong(SensorLink::rejectedPayloads).sum();
    }

    /** Readings the sensors numbered but the hub never received (coalesced or sent while unobserved). */
    public long missedReadings() {
        return links.stream().mapToLong(SensorLink::missedReadings).sum();
    }

    /** Deregisters from every sensor, waiting at most {@link #DEREGISTER_WAIT} in total for their answers. */
    private void deregister() {
        List<CountDownLatch> answers = links.stream().map(SensorLink::deregister).toList();
        long deadline = System.nanoTime() + DEREGISTER_WAIT.toNanos();
        try {
            for (CountDownLatch answer : answers) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !answer.await(left, TimeUnit.NANOSECONDS)) {
                    LOG.debug("coap: not every sensor answered the deregistration in time");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registrations sent since start, over all sensors: first ones plus every retry after a loss. */
    public long registrationAttempts() {
        return links.stream().mapToLong(SensorLink::registrations).sum();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (timer != null) {
            // Wait for a start-up still in progress, so every endpoint it opened is in the list below.
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Endpoint> toDestroy;
        synchronized (this) {
            toDestroy = List.copyOf(endpoints);
            endpoints.clear();
        }
        deregister();
        links.forEach(SensorLink::close);
        links.clear();
        for (Endpoint endpoint : toDestroy) {
            try {
                endpoint.destroy();
            } catch (RuntimeException e) {
                LOG.warn("coap: destroying an endpoint failed", e);
            }
        }
    }
}
