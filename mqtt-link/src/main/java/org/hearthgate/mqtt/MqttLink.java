package org.hearthgate.mqtt;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT 5 connection that always comes back: the hub's uplink and the relay's broker link both stand on it, so the
 * reconnect logic is written and tested once.
 *
 * <p>Why it is built this way:
 * <ul>
 * <li><b>One reconnect loop.</b> Every connection attempt runs on one thread, and at most one attempt is ever
 * scheduled; a watchdog on that thread notices a dead connection even if Paho never called back. (Two loops racing
 * left the relay at "Connect already in progress" for ever after a broker restart.)</li>
 * <li><b>Nothing of a connection survives it.</b> Each attempt builds a new Paho client with empty in-memory state
 * and the old one is thrown away. Paho assigns topic aliases on its own and, on reconnect, resent in-flight messages
 * still carrying an alias the new connection never set up: the broker answered "Topic alias in PUBLISH could not be
 * mapped" (148) and the hub looped for ever. Our callers keep the durable copy (the hub's outbox, the broker's
 * session for the relay) and resend themselves, so Paho need not.</li>
 * <li><b>Jittered backoff</b> with a short cap while something urgent waits ({@link #setUrgent}).</li>
 * <li><b>A bounded in-flight window</b> (never above the broker's Receive Maximum) with a bounded queue behind it;
 * publishing never blocks and never waits on Paho's callback thread, so a consumer may block that thread to push
 * back on the broker without a deadlock.</li>
 * <li><b>TCP_NODELAY</b> on the socket ({@link NoDelaySockets}).</li>
 * </ul>
 */
public final class MqttLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final Duration WATCHDOG = Duration.ofSeconds(1);

    public record Subscription(String filter, int qos) {
    }

    /** The Last Will: published retained at QoS 1 by the broker if this client vanishes. */
    public record Will(String topic, byte[] payload) {
    }

    /**
     * @param sessionExpiry  how long the broker keeps this client's session (and queues its messages) while it is away
     * @param receiveMaximum how many QoS 1 messages the broker may have in flight to us before our acks
     * @param manualAcks     acknowledge an incoming message only when the handler says so (after storing it)
     * @param publishWindow  how many of our own publishes may wait for their PUBACK at once
     * @param maxQueued      how many more publishes may wait for the window before publishing fails fast
     * @param tls            a TLS socket factory for {@code ssl://} URLs ({@link Tls}); null for plain TCP, or for
     *                       {@code ssl://} trusting the JDK's public CAs
     */
    public record Settings(String url, String clientId, String username, char[] password, Duration sessionExpiry,
            int receiveMaximum, Duration keepAlive, Duration connectTimeout, Will will,
            List<Subscription> subscriptions, boolean manualAcks, int publishWindow, int maxQueued, Backoff backoff,
            SSLSocketFactory tls) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(clientId, "clientId");
            subscriptions = List.copyOf(subscriptions);
        }

        public static Settings of(String url, String clientId) {
            return new Settings(url, clientId, null, null, Duration.ofDays(7), 64, Duration.ofSeconds(30),
                    Duration.ofSeconds(10), null, List.of(), false, 32, 10_000, Backoff.DEFAULT, null);
        }

        public Settings withCredentials(String user, char[] pass) {
            return new Settings(url, clientId, user, pass, sessionExpiry, receiveMaximum, keepAlive, connectTimeout,
                    will, subscriptions, manualAcks, publishWindow, maxQueued, backoff, tls);
        }

        public Settings withSession(Duration expiry, int receiveMax, boolean manual) {
            return new Settings(url, clientId, username, password, expiry, receiveMax, keepAlive, connectTimeout,
                    will, subscriptions, manual, publishWindow, maxQueued, backoff, tls);
        }

        public Settings withWill(Will w) {
            return new Settings(url, clientId, username, password, sessionExpiry, receiveMaximum, keepAlive,
                    connectTimeout, w, subscriptions, manualAcks, publishWindow, maxQueued, backoff, tls);
        }

        public Settings withSubscriptions(List<Subscription> subs) {
            return new Settings(url, clientId, username, password, sessionExpiry, receiveMaximum, keepAlive,
                    connectTimeout, will, subs, manualAcks, publishWindow, maxQueued, backoff, tls);
        }

        public Settings withWindow(int window, int queued) {
            return new Settings(url, clientId, username, password, sessionExpiry, receiveMaximum, keepAlive,
                    connectTimeout, will, subscriptions, manualAcks, window, queued, backoff, tls);
        }

        public Settings withBackoff(Backoff b) {
            return new Settings(url, clientId, username, password, sessionExpiry, receiveMaximum, keepAlive,
                    connectTimeout, will, subscriptions, manualAcks, publishWindow, maxQueued, b, tls);
        }

        public Settings withTls(SSLSocketFactory factory) {
            return new Settings(url, clientId, username, password, sessionExpiry, receiveMaximum, keepAlive,
                    connectTimeout, will, subscriptions, manualAcks, publishWindow, maxQueued, backoff, factory);
        }
    }

    /** What the link tells its owner. Called on the link's own threads; keep it short. */
    public interface Handler {
        default void connected() {
        }

        /** The connection was lost, or an attempt failed; {@code reason} is in words. */
        default void disconnected(String reason) {
        }

        /**
         * One incoming message, on Paho's callback thread. Blocking here stops reading from the broker (back-pressure);
         * with manual acks, call {@code ack} once the message is safe (it does nothing if that connection is gone: the
         * broker will deliver the message again).
         */
        void message(String topic, byte[] payload, Runnable ack);
    }

    public enum State { CONNECTING, CONNECTED, CLOSED }

    /** For metrics and the console: the state, since when, the last error in words, and counts. */
    public record Status(State state, Instant since, String lastError, long connects, int failedAttempts,
            int inFlight, int queued) {
    }

    /** A publish that could not be handed to the broker: not connected, or too much already waiting. */
    public static final class NotSent extends Exception {
        public NotSent(String why) {
            super(why, null, false, false);
        }
    }

    private final Settings settings;
    private final Handler handler;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor loop;
    private volatile Connection current;
    private volatile boolean closed;
    private volatile boolean urgent;
    private volatile State state = State.CONNECTING;
    private volatile Instant since;
    private volatile String lastError;
    private volatile long connects;
    private volatile int failures;
    private ScheduledFuture<?> nextAttempt;
    private long nextAttemptAtNanos;

    public MqttLink(Settings settings, Handler handler, Clock clock) {
        this.settings = settings;
        this.handler = handler;
        this.clock = clock;
        this.since = clock.instant();
        this.loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mqtt-link-" + settings.clientId());
            t.setDaemon(true);
            return t;
        });
        loop.setRemoveOnCancelPolicy(true);
    }

    /** Starts connecting in the background; keeps trying for as long as the link is open. Never throws for a network. */
    public MqttLink start() {
        loop.execute(this::attempt);
        loop.scheduleWithFixedDelay(this::watchdog, WATCHDOG.toMillis(), WATCHDOG.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public boolean isConnected() {
        Connection c = current;
        return c != null && c.client.isConnected();
    }

    public Status status() {
        Connection c = current;
        int inFlight = 0;
        int queued = 0;
        if (c != null) {
            synchronized (c) {
                inFlight = c.inFlight;
                queued = c.waiting.size();
            }
        }
        return new Status(state, since, lastError, connects, failures, inFlight, queued);
    }

    /**
     * While urgent (an alarm waits for its receipt), the wait between attempts is capped at the backoff's
     * {@code urgentMax}; a longer wait already scheduled is cut short.
     */
    public void setUrgent(boolean now) {
        boolean was = urgent;
        urgent = now;
        if (now && !was && !closed) {
            loop.execute(() -> {
                long cap = settings.backoff().urgentMax().toNanos();
                if (nextAttempt != null && !nextAttempt.isDone() && nextAttemptAtNanos - System.nanoTime() > cap) {
                    nextAttempt.cancel(false);
                    nextAttempt = null;
                    schedule(settings.backoff().delay(failures, true, ThreadLocalRandom.current()));
                }
            });
        }
    }

    /**
     * Publishes at QoS 1. The future completes when the broker has acknowledged (PUBACK) and fails with
     * {@link NotSent} if the link is down or too much is waiting, or with the broker's error. Never blocks.
     */
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
        Connection c = current;
        if (c == null || !c.client.isConnected()) {
            return CompletableFuture.failedFuture(new NotSent("not connected to the broker"));
        }
        return c.publish(new Outgoing(topic, payload, retained, new CompletableFuture<>()));
    }

    @Override
    public void close() {
        closed = true;
        state = State.CLOSED;
        since = clock.instant();
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = current;
        current = null;
        if (c != null) {
            c.dispose(true, "link closed");
        }
    }

    // --- the reconnect loop: everything below runs on the loop thread ---

    private void attempt() {
        nextAttempt = null;
        if (closed || isConnected()) {
            return;
        }
        state = State.CONNECTING;
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
            client.setManualAcks(settings.manualAcks());
            Connection c = new Connection(client);
            client.setCallback(c);
            IMqttToken token = client.connect(options());
            token.waitForCompletion(settings.connectTimeout().toMillis() + 5_000);
            if (!client.isConnected()) {
                throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
            }
            Integer serverMax = token.getResponseProperties() == null ? null
                    : token.getResponseProperties().getReceiveMaximum();
            c.window = Math.max(1, Math.min(settings.publishWindow(), serverMax == null ? 65_535 : serverMax));
            for (Subscription s : settings.subscriptions()) {
                IMqttToken sub = client.subscribe(new MqttSubscription(s.filter(), s.qos()));
                sub.waitForCompletion(10_000);
                int[] codes = sub.getReasonCodes();
                if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                    throw new IllegalStateException("the broker refused the subscription to " + s.filter()
                            + " (reason " + codes[0] + (codes[0] == 0x87 ? ": not authorised" : "") + ")");
                }
            }
            current = c;
            failures = 0;
            connects++;
            lastError = null;
            state = State.CONNECTED;
            since = clock.instant();
            LOG.info("mqtt {}: connected to {}", settings.clientId(), settings.url());
            handler.connected();
        } catch (Exception e) {
            if (client != null) {
                new Connection(client).dispose(false, null);
            }
            failures++;
            lastError = describe(e);
            since = failures == 1 ? clock.instant() : since;
            Duration wait = settings.backoff().delay(failures, urgent, ThreadLocalRandom.current());
            LOG.warn("mqtt {}: cannot connect to {}: {}; next attempt in {} ms", settings.clientId(), settings.url(),
                    lastError, wait.toMillis());
            handler.disconnected(lastError);
            schedule(wait);
        }
    }

    private void schedule(Duration wait) {
        if (closed || (nextAttempt != null && !nextAttempt.isDone())) {
            return; // one attempt at a time, ever
        }
        nextAttemptAtNanos = System.nanoTime() + wait.toNanos();
        nextAttempt = loop.schedule(this::attempt, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Notices a dead connection whatever Paho said or did not say, and makes sure an attempt is coming. */
    private void watchdog() {
        if (closed) {
            return;
        }
        Connection c = current;
        if (c != null && !c.client.isConnected()) {
            lost(c, "connection lost");
        } else if (c == null) {
            schedule(settings.backoff().delay(failures, urgent, ThreadLocalRandom.current()));
        }
    }

    private void lost(Connection c, String reason) {
        if (c != current) {
            return;
        }
        current = null;
        state = State.CONNECTING;
        since = clock.instant();
        lastError = reason;
        c.dispose(false, reason);
        LOG.warn("mqtt {}: disconnected from {}: {}", settings.clientId(), settings.url(), reason);
        handler.disconnected(reason);
        schedule(settings.backoff().delay(0, urgent, ThreadLocalRandom.current()));
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        o.setReceiveMaximum(settings.receiveMaximum());
        o.setAutomaticReconnect(false); // this class is the one reconnect loop
        o.setTopicAliasMaximum(0); // no aliases towards us either
        o.setSocketFactory(settings.tls() != null ? NoDelaySockets.tls(settings.tls())
                : usesTls(settings.url()) ? NoDelaySockets.tls((SSLSocketFactory) SSLSocketFactory.getDefault())
                : NoDelaySockets.plain());
        o.setHttpsHostnameVerificationEnabled(true); // the broker's certificate must name the host we dialled
        if (settings.username() != null) {
            o.setUserName(settings.username());
            o.setPassword(settings.password() == null ? null
                    : new String(settings.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (settings.will() != null) {
            o.setWill(settings.will().topic(), new MqttMessage(settings.will().payload(), 1, true,
                    new MqttProperties()));
        }
        return o;
    }

    /** {@code ssl://} and {@code wss://} need a TLS socket factory; without one the JDK's public CAs are trusted. */
    static boolean usesTls(String url) {
        return url.startsWith("ssl://") || url.startsWith("wss://");
    }

    /** What went wrong, in words a person can act on (never a bare "MqttException RC 0"). */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException
                    || t instanceof CertPathValidatorException || t instanceof CertPathBuilderException) {
                return describeTls(t);
            }
            if (t instanceof ConnectException) {
                return "connection refused (is the broker running and listening?)";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
        }
        if (e instanceof MqttException m) {
            return switch (m.getReasonCode()) {
                case 0x86, 4 -> "bad user name or password";
                case 0x87, 5 -> "not authorised";
                case 0x85, 2 -> "client identifier not valid";
                case org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT -> "timed out waiting for the broker";
                case org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot reach the broker";
                case org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CONNECTION_LOST -> "connection lost";
                default -> m.getMessage() + " (reason " + m.getReasonCode() + ")";
            };
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * Paho hands the JDK's exception on wrapped in its own; the JDK's chain is SSLHandshakeException, then a
     * CertificateException (ValidatorException), then the CertPath exception that says what failed.
     */
    private static String describeTls(Throwable tls) {
        Throwable root = tls;
        boolean pathFailed = false;
        boolean expired = false;
        for (Throwable t = tls; t != null; t = t.getCause()) {
            root = t;
            pathFailed |= t instanceof CertPathValidatorException || t instanceof CertPathBuilderException;
            expired |= t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException;
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String top = String.valueOf(tls.getMessage());
        if (expired) {
            return "server certificate not trusted: outside its validity (" + detail
                    + "); is this machine's clock right?";
        }
        if (pathFailed || top.contains("PKIX")) {
            return "server certificate not trusted: " + detail;
        }
        if (top.contains("No subject alternative") || top.contains("No name matching")) {
            return "server certificate does not name this host: " + top;
        }
        if (top.contains("Received fatal alert")) {
            // the broker ended the handshake: usually our certificate (missing, unknown CA, expired, revoked)
            return "TLS handshake failed: the broker refused us (" + top + "); check this client's certificate";
        }
        return "TLS handshake failed: " + detail;
    }

    private record Outgoing(String topic, byte[] payload, boolean retained, CompletableFuture<Void> done) {
    }

    /** One network connection: its own Paho client, its own window and queue; nothing outlives it. */
    private final class Connection implements MqttCallback, MqttActionListener {
        final MqttAsyncClient client;
        volatile int window = 1;
        int inFlight;
        final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
        volatile boolean gone;

        Connection(MqttAsyncClient client) {
            this.client = client;
        }

        CompletableFuture<Void> publish(Outgoing o) {
            synchronized (this) {
                if (gone) {
                    return CompletableFuture.failedFuture(new NotSent("not connected to the broker"));
                }
                if (inFlight >= window) {
                    if (waiting.size() >= settings.maxQueued()) {
                        return CompletableFuture.failedFuture(new NotSent("too many messages waiting for the broker"));
                    }
                    waiting.add(o);
                    return o.done();
                }
                inFlight++;
            }
            send(o);
            return o.done();
        }

        private void send(Outgoing o) {
            try {
                client.publish(o.topic(), o.payload(), 1, o.retained(), o, this);
            } catch (MqttException | RuntimeException e) {
                finished(o, e);
            }
        }

        @Override
        public void onSuccess(IMqttToken token) {
            if (token.getUserContext() instanceof Outgoing o) {
                // Paho reports a PUBACK that refuses the message (the ACL's "not authorised") as a success
                int[] codes = token.getReasonCodes();
                int code = codes == null || codes.length == 0 ? 0 : codes[0];
                if (token.getException() != null || code < 0x80) {
                    finished(o, token.getException());
                    return;
                }
                String why = "the broker refused the message (reason " + code
                        + (code == 0x87 ? ": not authorised" : "") + ")";
                // loud: a hub whose messages the ACL refuses cannot raise an alarm (check its user name)
                LOG.warn("mqtt {}: {} to {}", settings.clientId(), why, o.topic());
                finished(o, new NotSent(why));
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            if (token.getUserContext() instanceof Outgoing o) {
                finished(o, e == null ? new NotSent("failed") : e);
            }
        }

        private void finished(Outgoing o, Throwable error) {
            Outgoing next;
            synchronized (this) {
                inFlight--;
                next = gone ? null : waiting.poll();
                if (next != null) {
                    inFlight++;
                }
            }
            if (error == null) {
                o.done().complete(null);
            } else {
                o.done().completeExceptionally(error);
            }
            if (next != null) {
                send(next);
            }
        }

        void dispose(boolean graceful, String reason) {
            List<Outgoing> abandoned;
            synchronized (this) {
                gone = true;
                abandoned = List.copyOf(waiting);
                waiting.clear();
            }
            NotSent why = new NotSent(reason == null ? "not connected to the broker" : reason);
            abandoned.forEach(o -> o.done().completeExceptionally(why));
            try {
                if (graceful && client.isConnected()) {
                    client.disconnect(2_000).waitForCompletion(3_000);
                } else {
                    client.disconnectForcibly(0, 1, false);
                }
            } catch (MqttException | RuntimeException e) {
                // going anyway
            }
            try {
                client.close(true);
            } catch (MqttException | RuntimeException e) {
                // going anyway
            }
        }

        // --- Paho's callbacks for this connection ---

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String reason = response == null ? "disconnected" : describe(response);
            if (!closed) {
                loop.execute(() -> lost(this, reason));
            }
        }

        private static String describe(MqttDisconnectResponse r) {
            if (r.getException() != null) {
                return MqttLink.describe(r.getException());
            }
            return "the broker disconnected us (reason " + r.getReturnCode()
                    + (r.getReasonString() == null ? "" : ": " + r.getReasonString()) + ")";
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("mqtt {}: {}", settings.clientId(), MqttLink.describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int id = message.getId();
            int qos = message.getQos();
            Runnable ack = !settings.manualAcks() ? () -> {
            } : () -> {
                if (!gone && client.isConnected()) {
                    try {
                        client.messageArrivedComplete(id, qos);
                    } catch (MqttException | RuntimeException e) {
                        LOG.debug("mqtt {}: cannot acknowledge message {}: {}", settings.clientId(), id, e.toString());
                    }
                }
            };
            handler.message(topic, message.getPayload(), ack);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
