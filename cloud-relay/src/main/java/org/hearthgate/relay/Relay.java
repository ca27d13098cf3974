package org.hearthgate.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocketFactory;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Channel;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.contract.wire.WireCodec;
import org.hearthgate.mqtt.MqttLink;
import org.hearthgate.relay.access.FieldCipher;
import org.hearthgate.relay.access.FieldKeys;
import org.hearthgate.relay.access.Secrets;
import org.hearthgate.relay.access.SessionTokens;
import org.hearthgate.relay.audit.SqlAuditTrail;
import org.hearthgate.relay.careplans.CarePlanRoutes;
import org.hearthgate.relay.careplans.CarePlanStore;
import org.hearthgate.relay.careplans.HubConfirmations;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.console.ConsoleServer;
import org.hearthgate.relay.fhir.FhirMapper;
import org.hearthgate.relay.fhir.FhirRoutes;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.DirectoryRoutes;
import org.hearthgate.relay.directory.SqlCareDirectory;
import org.hearthgate.relay.escalation.AttendLinks;
import org.hearthgate.relay.escalation.ConsoleNotifier;
import org.hearthgate.relay.escalation.EscalationEngine;
import org.hearthgate.relay.escalation.PolicyFormat;
import org.hearthgate.relay.escalation.PolicyStore;
import org.hearthgate.relay.escalation.Resolutions;
import org.hearthgate.relay.notify.Notifier;
import org.hearthgate.relay.notify.Notifiers;
import org.hearthgate.relay.notify.NotifyCallbacks;
import org.hearthgate.relay.notify.NotifyConfig;
import org.hearthgate.relay.ingest.BrokerLink;
import org.hearthgate.relay.ingest.HubRegistry;
import org.hearthgate.relay.ingest.Ingest;
import org.hearthgate.relay.readings.InfluxReadingStore;
import org.hearthgate.relay.readings.ReadingStore;
import org.hearthgate.relay.readings.SqlReadingStore;
import org.hearthgate.relay.readings.TrendRoutes;
import org.hearthgate.relay.worklist.WorklistRoutes;
import org.hearthgate.relay.readings.Trends;
import org.hearthgate.relay.store.AlarmRecord;
import org.hearthgate.relay.store.JdbcRelayStore;
import org.hearthgate.relay.store.RelayStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cloud-relay process, the composition root: broker link, ingest, store, console, hub supervision. */
public final class Relay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    /** Dead letters are kept this long, and at most this many, for an operator to inspect. */
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);
    private static final int DEAD_LETTER_MAX = 100_000;

    /** A hub the relay accepts messages from. */
    public record HubRef(String tenant, String hub) {
    }

    /**
     * @param database       the SQL store: {@code postgresql://user:password@host:port/db}, or the path of a SQLite
     *                       file (the embedded default)
     * @param httpPort       console port; 0 picks a free one
     * @param shareGroup     the MQTT shared-subscription group all relay instances join
     * @param hubs           hubs registered from the configuration (an admin can confirm more)
     * @param sessionExpiry  how long the broker queues for this relay while it is away
     * @param receiveMaximum how many unacknowledged messages the broker may push to this relay
     * @param tls            for {@code ssl://} broker URLs; null for plain TCP
     * @param testTransmissionGap how late a hub's periodic test transmission may be before an alarm (default 25 h)
     * @param smsInboundToken the bearer secret the SMS gateway presents at {@code POST /sms/inbound}; null: no route
     * @param metricsToken   the bearer secret a Prometheus scraper presents at {@code GET /metrics}; null: open
     */
    public record Settings(String brokerUrl, String clientId, String username, char[] password, String shareGroup,
            String database, String httpHost, int httpPort, List<HubRef> hubs, Duration sessionExpiry,
            int receiveMaximum, Ingest.Limits limits, SSLSocketFactory tls, String smsInboundToken,
            Duration testTransmissionGap, String metricsToken) {
        public Settings {
            testTransmissionGap = testTransmissionGap == null ? Duration.ofHours(25) : testTransmissionGap;
            hubs = hubs == null ? List.of() : List.copyOf(hubs);
            sessionExpiry = sessionExpiry == null ? Duration.ofMinutes(5) : sessionExpiry;
            receiveMaximum = receiveMaximum <= 0 ? 1_000 : receiveMaximum;
            limits = limits == null ? Ingest.Limits.DEFAULT : limits;
        }

        public Settings(String brokerUrl, String clientId, String username, char[] password, String shareGroup,
                String database, String httpHost, int httpPort) {
            this(brokerUrl, clientId, username, password, shareGroup, database, httpHost, httpPort, List.of(), null,
                    0, null, null, null, null, null);
        }

        public Settings withHubs(List<HubRef> registered) {
            return new Settings(brokerUrl, clientId, username, password, shareGroup, database, httpHost, httpPort,
                    registered, sessionExpiry, receiveMaximum, limits, tls, smsInboundToken, testTransmissionGap,
                    metricsToken);
        }
    }

    private final Database database;
    private final RelayStore store;
    private final SqlCareDirectory directory;
    private final SqlAuditTrail audit;
    /** Live events to this relay's consoles and, on PostgreSQL, to every other relay's. */
    private final ClusterFeed feed;
    private final Notifiers notifiers;
    private final EscalationEngine escalation;
    /** Null when readings stay in the relay store (the embedded default). */
    private final InfluxReadingStore readings;
    /** Trends from wherever readings are: InfluxDB, or the relay store's readings table. */
    private final Trends trends;
    private final RelayMetrics metrics = new RelayMetrics();
    private final HubRegistry registry;
    /** Residents' care plans: versions, pushes to hubs, what each hub runs. */
    private final CarePlanStore carePlans;
    private final Ingest ingest;
    private final ConsoleServer console;
    private final BrokerLink link;
    private final Clock clock;
    private final org.hearthgate.relay.ops.OperatorMetrics operatorMetrics;
    private final ScheduledExecutorService supervision = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-supervision");
        t.setDaemon(true);
        return t;
    });
    private final String consoleHost;
    private int consolePort;
    /** A hub's daily test transmission may be this late before someone is asked to check its paths. */
    private final Duration testTransmissionGap;

    public Relay(Settings settings, Users users, Clock clock) {
        this(settings, new People(null, null, null), users, clock);
    }

    /** @param influx where readings go (InfluxDB, with its local spool); null: into the relay store */
    public Relay(Settings settings, InfluxReadingStore.Settings influx, Users users, Clock clock) {
        this(settings, new People(influx, null, null), users, clock);
    }

    /**
     * What the relay needs beyond the broker link: where readings go, the channels to people, and the address the
     * public reaches this relay at (for "I'm going" links in messages).
     *
     * @param influx    null: readings stay in the relay store
     * @param channels  null: no channels but the console
     * @param publicUrl e.g. {@code https://care.example.org}; null: the console's own address
     * @param policies  escalation policy files per tenant; a tenant without one uses the built-in policy
     * @param inProcess channels whose far end is in this process (the demo's simulated phones)
     * @param fieldKeyFile the key that seals residents' key-safe codes; null: {@link FieldKeys}'s default (beside a
     *                  SQLite database; none, with a warning, on PostgreSQL)
     */
    public record People(InfluxReadingStore.Settings influx, NotifyConfig channels, String publicUrl,
            Map<TenantId, java.nio.file.Path> policies, List<Notifier> inProcess, java.nio.file.Path fieldKeyFile) {
        public People {
            policies = policies == null ? Map.of() : Map.copyOf(policies);
            inProcess = inProcess == null ? List.of() : List.copyOf(inProcess);
        }

        public People(InfluxReadingStore.Settings influx, NotifyConfig channels, String publicUrl,
                Map<TenantId, java.nio.file.Path> policies, List<Notifier> inProcess) {
            this(influx, channels, publicUrl, policies, inProcess, null);
        }

        public People(InfluxReadingStore.Settings influx, NotifyConfig channels, String publicUrl) {
            this(influx, channels, publicUrl, Map.of(), List.of());
        }
    }

    public Relay(Settings settings, People people, Users users, Clock clock) {
        this.clock = clock;
        this.consoleHost = settings.httpHost();
        this.consolePort = settings.httpPort();
        InfluxReadingStore.Settings influx = people.influx();
        this.database = Database.open(settings.database());
        this.store = new JdbcRelayStore(database);
        FieldCipher fieldCipher;
        try {
            fieldCipher = FieldKeys.resolve(people.fieldKeyFile(), database, settings.database(),
                    () -> SqlCareDirectory.holdsSealedCodes(database));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        this.directory = new SqlCareDirectory(database, clock, fieldCipher);
        int sealed = directory.sealClearKeySafeCodes();
        if (sealed > 0) {
            LOG.info("sealed {} key-safe code(s) that were stored in clear", sealed);
        }
        this.audit = new SqlAuditTrail(database, clock);
        Secrets secrets = new Secrets(database, clock);
        // Every instance signs sessions with the key in the shared database: a restart signs nobody out.
        users.useTokens(new SessionTokens(secrets.secret("session-signing-key"), secrets, clock));
        users.useDirectory(directory);
        this.readings = influx == null ? null : new InfluxReadingStore(influx, clock);
        this.trends = readings != null ? readings : new SqlReadingStore(database.dataSource());
        this.registry = new HubRegistry(store, clock);
        registry.registerAll(settings.hubs().stream().collect(java.util.stream.Collectors.groupingBy(
                h -> TenantId.of(h.tenant()), java.util.stream.Collectors.mapping(h -> HubId.of(h.hub()),
                        java.util.stream.Collectors.toList()))));
        AtomicReference<BrokerLink> linkRef = new AtomicReference<>();
        Downlink down = (tenant, hub, body) -> linkRef.get() != null && linkRef.get().send(tenant, hub, body);
        this.console = new ConsoleServer(store, registry, down, users, this::metricsSnapshot, clock,
                new ConsoleServer.Access(directory, audit));
        console.useDatabase(database); // claims
        this.feed = new ClusterFeed(database, console);
        RelayAlarmActions actions = new RelayAlarmActions(store, down, feed);
        this.notifiers = people.channels() == null ? Notifiers.none() : Notifiers.from(people.channels(), clock);
        // Without a public address the console's own (its port is known once it listens).
        AttendLinks links = new AttendLinks(database, directory, actions, secrets.secret("attend-link-key"),
                () -> people.publicUrl() != null ? people.publicUrl() : "http://" + consoleHost + ":" + consolePort,
                Duration.ofHours(12), clock);
        List<Notifier> channels = new java.util.ArrayList<>();
        channels.add(new ConsoleNotifier(feed));
        for (org.hearthgate.relay.notify.Channel c : org.hearthgate.relay.notify.Channel.values()) {
            notifiers.forChannel(c).ifPresent(channels::add);
        }
        channels.addAll(people.inProcess()); // the demo's simulated phones
        PolicyStore policies = new PolicyStore(database, clock);
        people.policies().forEach((tenant, file) -> {
            try {
                policies.save(tenant, PolicyFormat.parse(java.nio.file.Files.readString(file)));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("escalation.policies." + tenant.value() + ": cannot read " + file, e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("escalation.policies." + tenant.value() + ": " + e.getMessage(), e);
            }
        });
        // The residents' care plans (the hub's sourced defaults until one is saved): the charts draw their limits,
        // devices are judged by them (check-in intervals, battery limits), the worklist and the family summary too.
        this.carePlans = new CarePlanStore(database);
        this.escalation = new EscalationEngine(database, directory, policies, channels, links,
                clock, settings.clientId(), EscalationEngine.Settings.DEFAULT);
        Resolutions resolutions = new Resolutions(database, directory, actions, clock);
        DirectoryRoutes directoryRoutes = new DirectoryRoutes(directory, audit);
        CarePlanRoutes carePlanRoutes = new CarePlanRoutes(carePlans, directory, audit, down, clock);
        TrendRoutes trendRoutes = new TrendRoutes(trends, directory, audit, carePlans);
        WorklistRoutes worklist = new WorklistRoutes(database, directory, audit, resolutions, carePlans);
        console.familySources(trends, carePlans);
        // FHIR R4 for the NHS: each request reads its caller's service; access and audit as every other route.
        FhirRoutes fhir = new FhirRoutes(ctx -> new RelayFhirData(((Caller) ctx.get(Caller.KEY)).tenant(), directory,
                store, database, readings), (ctx, residentId) -> {
                    try {
                        // Clinical records for the care team and clinicians; family see alerts, status, shared trends.
                        Caller c = ctx.get(Caller.KEY);
                        return c.role() != org.hearthgate.relay.directory.Role.FAMILY
                                && c.role() != org.hearthgate.relay.directory.Role.NEIGHBOUR
                                && c.maySee(c.tenant(), ResidentId.of(residentId));
                    } catch (IllegalArgumentException e) {
                        return false;
                    }
                }, (ctx, residentId, what) -> audit.record(ctx.get(Caller.KEY), "fhir.read",
                        ResidentId.of(residentId), what), new FhirMapper(clock), java.time.ZoneId.of("Europe/London"));
        // Delivery receipts from GOV.UK Notify, where the service set a callback token in Notify's settings.
        NotifyConfig.Notify govUk = people.channels() == null ? null : people.channels().govUkNotify();
        NotifyCallbacks receipts = govUk == null || govUk.callbackToken() == null ? null
                : new NotifyCallbacks(govUk.callbackToken(), (channel, reference, delivered, detail) -> escalation
                        .receipt(channel, reference, delivered ? EscalationEngine.Receipt.DELIVERED
                                : EscalationEngine.Receipt.FAILED, detail));
        console.people(new ConsoleServer.People(resolutions, escalation, router -> {
            links.mount(router);
            if (receipts != null) {
                receipts.mount(router);
            }
        }, router -> {
            directoryRoutes.mount(router);
            new org.hearthgate.relay.escalation.PolicyRoutes(policies, directory, audit).mount(router);
            trendRoutes.mount(router);
            carePlanRoutes.mount(router);
            worklist.mount(router);
            fhir.mount(router);
        }));
        // Every alarm the relay stores starts its escalation at once (the engine also finds any it missed).
        LiveFeed kicking = (event, data) -> {
            feed.publish(event, data);
            if ("alarm.received".equals(event)) {
                escalation.kick();
            }
        };
        this.ingest = new Ingest(store, readings, registry, down, kicking, metrics, clock, settings.limits());
        // Device state (last seen, battery, missing, faults) follows the stored stream: one upsert batch per batch.
        org.hearthgate.relay.devices.DeviceStates devices = new org.hearthgate.relay.devices.DeviceStates(database);
        ingest.onStored(devices::record);
        console.useDevices(devices, carePlans);
        // Hubs answer care-plan pushes with an event, and name the plan they run in every heartbeat.
        ingest.onStored(new HubConfirmations(carePlans, feed));
        this.link = new BrokerLink(new BrokerLink.Settings(settings.brokerUrl(), settings.clientId(),
                settings.username(), settings.password(), settings.shareGroup(), settings.sessionExpiry(),
                settings.receiveMaximum(), settings.tls()), ingest, new MqttLink.Handler() {
                    @Override
                    public void connected() {
                        console.publish("broker.state", Map.of("connected", true)); // this relay's own link
                    }

                    @Override
                    public void disconnected(String reason) {
                        console.publish("broker.state", Map.of("connected", false, "reason", reason));
                    }

                    @Override
                    public void message(String topic, byte[] payload, Runnable ack) {
                    }
                }, metrics, clock);
        linkRef.set(link);
        this.operatorMetrics = new org.hearthgate.relay.ops.OperatorMetrics(metrics, this::live, store, clock);
        console.operatorMetrics(new ConsoleServer.Scrape(operatorMetrics::scrape, settings.metricsToken()));
        if (settings.smsInboundToken() != null) {
            // A hub's fallback text enters exactly where its MQTT copy would: registration, validation, idempotency.
            WireCodec codec = new WireCodec();
            console.smsInbound(new ConsoleServer.SmsInbound(settings.smsInboundToken(), a -> ingest.offer(
                    Topics.of(a.tenant(), a.message().hub(), Channel.ALARM).path(), codec.encode(a.message()), () -> {
                    })));
        }
        this.testTransmissionGap = settings.testTransmissionGap();
    }

    /** Starts the console and connects to the broker (waiting up to 10 s, then retrying in the background). */
    public Relay start() {
        consolePort = console.start(consoleHost, consolePort);
        link.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!link.isConnected() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        if (!link.isConnected()) {
            LOG.warn("relay: broker not reachable yet ({}); retrying in the background", link.status().lastError());
        }
        escalation.start();
        supervision.scheduleWithFixedDelay(this::superviseHubs, 5, 5, TimeUnit.SECONDS);
        supervision.scheduleWithFixedDelay(registry::refresh, 10, 10, TimeUnit.SECONDS);
        supervision.scheduleWithFixedDelay(this::purgeDeadLetters, 1, 60, TimeUnit.MINUTES);
        return this;
    }

    private void superviseHubs() {
        try {
            for (AlarmRecord offline : store.markOverdueHubsOffline(clock.instant())) {
                LOG.warn("hub {} missed 3 heartbeats: offline", offline.hub());
                feed.publish("alarm.received", Map.of("alarm", offline, "latencyMs", 0));
                escalation.kick();
            }
            for (AlarmRecord missing : store.markMissingTestTransmissions(clock.instant(), testTransmissionGap)) {
                LOG.warn("hub {}: no test transmission for {}", missing.hub(), testTransmissionGap);
                feed.publish("alarm.received", Map.of("alarm", missing, "latencyMs", 0));
                escalation.kick();
            }
        } catch (RuntimeException e) {
            LOG.error("hub supervision: {}", e.toString());
        }
    }

    private void purgeDeadLetters() {
        try {
            int gone = store.purgeDeadLetters(clock.instant().minus(DEAD_LETTER_RETENTION), DEAD_LETTER_MAX);
            if (gone > 0) {
                LOG.info("dead letters: {} past retention removed", gone);
            }
        } catch (RuntimeException e) {
            LOG.error("dead-letter retention: {}", e.toString());
        }
    }

    /** Everything /api/metrics shows: counters, the broker link, the queues, the store. */
    public RelayMetrics.Snapshot metricsSnapshot() {
        return metrics.snapshot(clock.millis(), live());
    }

    private RelayMetrics.Live live() {
        MqttLink.Status s = link.status();
        return new RelayMetrics.Live(link.isConnected(), s.state().name(), String.valueOf(s.since()), s.lastError(),
                s.connects(), ingest.urgentDepth(), ingest.bulkDepth(), ingest.storeHealthy(),
                readings == null ? null : readings.stats());
    }

    /** The Prometheus registry: other parts add their meters here. */
    public org.hearthgate.relay.ops.OperatorMetrics operatorMetrics() {
        return operatorMetrics;
    }

    /** Every route the console answers ("METHOD /path/{param}"), for the API document's check. */
    public java.util.SortedSet<String> consoleRoutes() {
        return console.routes();
    }

    public int consolePort() {
        return consolePort;
    }

    public RelayStore store() {
        return store;
    }

    /** A resident's readings over time, downsampled, from InfluxDB or else the relay store (for the console). */
    public Trends trends() {
        return trends;
    }

    /** The InfluxDB reading store; empty when readings stay in the relay store. */
    public java.util.Optional<ReadingStore> readings() {
        return java.util.Optional.ofNullable(readings);
    }

    /** The care directory: residents, circles, hubs, accounts. */
    public SqlCareDirectory directory() {
        return directory;
    }

    /** The care plans the cloud holds, pushes to hubs and the hubs' answers. */
    public CarePlanStore carePlans() {
        return carePlans;
    }

    public SqlAuditTrail audit() {
        return audit;
    }

    public EscalationEngine escalation() {
        return escalation;
    }

    /** The SQL database the relay's stores share (one pool, one schema). */
    public Database database() {
        return database;
    }

    public HubRegistry registry() {
        return registry;
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    @Override
    public void close() {
        supervision.shutdownNow();
        escalation.close();
        link.close();
        ingest.close();
        if (readings != null) {
            readings.close();
        }
        console.close();
        feed.close();
        notifiers.close();
        store.close();
        database.close();
    }
}
