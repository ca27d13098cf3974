package org.hearthgate.drivers.coap;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.scandium.DTLSConnector;
import org.hearthgate.contract.obs.DeviceState;
import org.hearthgate.contract.obs.DeviceStatus;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.drivers.DriverCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observe relation with one sensor resource, kept alive: registered at start, watched for silence (no
 * notification within Max-Age plus grace), for a registration that gets no answer, and for the server ending the
 * relation (an error response or a response without Observe); each loss is reported once as DeviceStatus OFFLINE and
 * followed by a new registration after a bounded, doubling backoff. A new relation reports ONLINE.
 *
 * <p>Californium calls back on its threads and the watchdog on the driver's; every method takes the link's lock, and
 * a generation number discards callbacks from relations that were already given up.
 */
final class SensorLink {
    private static final Logger LOG = LoggerFactory.getLogger(SensorLink.class);
    /** A device clock further ahead than this is not trusted; the hub's receive time is used instead. */
    private static final Duration MAX_DEVICE_CLOCK_AHEAD = Duration.ofMinutes(5);
    private static final Duration MAX_DEVICE_TIME_AGE = Duration.ofDays(1);

    private final CoapSensor sensor;
    private final CoapClient client;
    private final DTLSConnector dtls;
    private final InetSocketAddress peer;
    private final PeerSession session;
    private final Clock clock;
    private final DriverCallback callback;
    private final SequenceGate gate = new SequenceGate();
    private final RelationWatch watch;

    private long generation;
    private CoapObserveRelation relation;
    private boolean payloadErrorReported;
    private long rejected;
    private long registrations;
    /** Set while closing; opened by the sensor's answer to our deregistration. Read without the lock. */
    private volatile CountDownLatch deregistered;

    SensorLink(CoapSensor sensor, Endpoint endpoint, DTLSConnector dtls, InetSocketAddress peer, PeerSession session,
            Clock clock, CoapSettings settings, DriverCallback callback) {
        this.sensor = sensor;
        this.dtls = dtls;
        this.peer = peer;
        this.session = session;
        this.clock = clock;
        this.callback = callback;
        this.client = new CoapClient(sensor.uri());
        this.client.setEndpoint(endpoint);
        this.watch = new RelationWatch(settings, clock.instant());
    }

    CoapSensor sensor() {
        return sensor;
    }

    synchronized RelationWatch.State state() {
        return watch.state();
    }

    synchronized long rejectedPayloads() {
        return rejected;
    }

    synchronized long missedReadings() {
        return gate.missed();
    }

    synchronized long registrations() {
        return registrations;
    }

    /** The watchdog: notices silence and unanswered registrations, and registers again when the backoff is over. */
    synchronized void check() {
        Instant now = clock.instant();
        if (watch.state() == RelationWatch.State.CLOSED) {
            return;
        }
        var overdue = watch.overdue(now);
        if (overdue.isPresent()) {
            lost(overdue.get(), now);
        } else if (watch.dueToRegister(now)) {
            register(now);
        }
    }

    private void register(Instant now) {
        long gen = ++generation;
        registrations++;
        if (registrations > 1) {
            // CoapClient pins later requests to the endpoint context (DTLS session) of its last response; a new
            // registration must be free to use a new session.
            client.setDestinationContext(null);
            Instant outageSince = watch.outageSince();
            if (dtls != null && outageSince != null && session.claimReset(outageSince, now)) {
                // Drop our side of the session so the next exchange begins with a fresh handshake.
                LOG.debug("coap: new DTLS handshake with sensor {}", sensor.device());
                dtls.close(peer);
            }
        }
        gate.newRelation();
        watch.registering(now);
        Request request = Request.newGet();
        request.setConfirmable(true);
        request.setObserve();
        request.getOptions().setAccept(MediaTypeRegistry.APPLICATION_JSON);
        try {
            relation = client.observe(request, new Handler(gen));
        } catch (RuntimeException e) {
            LOG.warn("coap: cannot register with sensor {}", sensor.device(), e);
            lost("cannot send registration", now);
        }
    }

    private void lost(String reason, Instant now) {
        // Late callbacks of the relation being given up must not revive it.
        generation++;
        cancelRelation();
        boolean outageBegins = watch.lost(now);
        long waitMs = Duration.between(now, watch.retryAt()).toMillis();
        if (outageBegins) {
            LOG.info("coap: sensor {} lost ({}), registering again in {} ms", sensor.device(), reason, waitMs);
            emit(new DeviceStatus(sensor.device(), now, DeviceState.OFFLINE, reason));
        } else {
            LOG.debug("coap: sensor {} still lost ({}), next attempt in {} ms", sensor.device(), reason, waitMs);
        }
    }

    private void cancelRelation() {
        if (relation != null) {
            // Local only: a server that still knows us gets a RST on its next notification (RFC 7641 §3.6).
            relation.reactiveCancel();
            relation = null;
        }
    }

    private synchronized void onLoad(long gen, CoapResponse response) {
        if (gen != generation || watch.state() == RelationWatch.State.CLOSED) {
            return;
        }
        Instant now = clock.instant();
        if (!response.isSuccess()) {
            lost("sensor answered " + response.getCode(), now);
            return;
        }
        boolean observing = response.getOptions().hasObserve();
        session.heard(now);
        if (watch.heard(now, response.getOptions().getMaxAge(), observing)) {
            emit(new DeviceStatus(sensor.device(), now, DeviceState.ONLINE, "observing"));
        }
        accept(response, now);
        if (!observing) {
            // The sensor answered but ended (or never began) the relation: it may be shutting down or out of
            // observer slots. The value was still good; register again after the backoff.
            lost("sensor ended the observation", now);
        }
    }

    private synchronized void onError(long gen) {
        if (gen != generation || watch.state() == RelationWatch.State.CLOSED
                || watch.state() == RelationWatch.State.WAITING) {
            return;
        }
        lost(watch.state() == RelationWatch.State.REGISTERING ? "registration failed" : "notification failed",
                clock.instant());
    }

    private void accept(CoapResponse response, Instant now) {
        int format = response.getOptions().getContentFormat();
        List<Observation> observations;
        long seq;
        try {
            if (format != MediaTypeRegistry.APPLICATION_JSON && format != MediaTypeRegistry.UNDEFINED) {
                throw new IllegalArgumentException("payload: content format " + format + " is not JSON");
            }
            SensorPayload payload = SensorPayload.parse(response.getPayload());
            seq = payload.seq();
            observations = payload.observations(sensor, measuredAt(payload, now));
        } catch (IllegalArgumentException e) {
            rejected++;
            // The field name says what was wrong; the payload itself is not logged.
            LOG.warn("coap: sensor {} sent an invalid payload: {}", sensor.device(), e.getMessage());
            if (!payloadErrorReported) {
                payloadErrorReported = true;
                emit(new DeviceStatus(sensor.device(), now, DeviceState.ERROR, trim(e.getMessage())));
            }
            return;
        }
        if (payloadErrorReported) {
            payloadErrorReported = false;
            emit(new DeviceStatus(sensor.device(), now, DeviceState.ONLINE, "valid payloads again"));
        }
        if (gate.admit(seq)) {
            observations.forEach(this::emit);
        }
    }

    private static Instant measuredAt(SensorPayload payload, Instant now) {
        Instant at = payload.at();
        if (at == null || at.isAfter(now.plus(MAX_DEVICE_CLOCK_AHEAD)) || at.isBefore(now.minus(MAX_DEVICE_TIME_AGE))) {
            return now;
        }
        return at;
    }

    private void emit(Observation observation) {
        try {
            callback.observed(observation);
        } catch (RuntimeException e) {
            LOG.error("coap: the hub's callback failed for sensor {}", sensor.device(), e);
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.length() <= 200 ? s : s.substring(0, 200);
    }

    /**
     * Ends the link and asks the sensor to drop our observation (a constrained sensor has few observer slots). The
     * returned latch opens when the sensor answered (or the request failed); the caller waits a bounded time before
     * destroying the endpoint, then calls {@link #close()}.
     */
    synchronized CountDownLatch deregister() {
        watch.close();
        generation++;
        CountDownLatch answered = new CountDownLatch(1);
        if (relation == null) {
            answered.countDown();
            return answered;
        }
        // The cancel request inherits the relation's handler (Californium copies its observers), which opens this.
        deregistered = answered;
        try {
            relation.proactiveCancel();
        } catch (RuntimeException e) {
            LOG.debug("coap: deregistering from sensor {} failed", sensor.device(), e);
            answered.countDown();
        }
        relation = null;
        return answered;
    }

    /** Stops the link; never throws. */
    synchronized void close() {
        watch.close();
        generation++;
        cancelRelation();
        client.shutdown();
    }

    private void answeredWhileClosing() {
        CountDownLatch latch = deregistered;
        if (latch != null) {
            latch.countDown();
        }
    }

    private final class Handler implements CoapHandler {
        private final long gen;

        Handler(long gen) {
            this.gen = gen;
        }

        @Override
        public void onLoad(CoapResponse response) {
            answeredWhileClosing();
            SensorLink.this.onLoad(gen, response);
        }

        @Override
        public void onError() {
            answeredWhileClosing();
            SensorLink.this.onError(gen);
        }
    }
}
