package org.hearthgate.relay.directory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.Json;
import org.hearthgate.relay.access.FieldCipher;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.notify.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The care directory on the cloud's SQL database (SQLite or PostgreSQL, schema V2). Reads answer {@link CareDirectory}
 * and the admin API; every write validates first ({@code IllegalArgumentException("field: reason")}), writes only
 * what differs (so a write of what is already there is {@link Change#UNCHANGED} and leaves no trace) and runs in
 * one transaction. The {@code Connection} variants let {@link DirectoryImport} put a whole service in one.
 *
 * <p>Registering a hub here also confirms it in the relay store's {@code registrations}, in the same transaction:
 * the relay ingests exactly the directory's hubs.
 *
 * <p>Residents' key-safe codes are sealed with the {@link FieldCipher} given (AES-256-GCM, bound to tenant and
 * resident): the column never holds a code in clear. Rows written in clear before sealing existed are read as they
 * are and sealed on the next write of that resident (even one that changes nothing else). Without a cipher codes are
 * written in clear (tests, and PostgreSQL deployments that have not configured a key yet: the relay warns).
 */
public final class SqlCareDirectory implements CareDirectory {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final Logger LOG = LoggerFactory.getLogger(SqlCareDirectory.class);
    /** Residents whose unreadable code has been logged already (each once per process, not once per read). */
    private static final int MAX_LOGGED = 10_000;

    private final Database db;
    private final Clock clock;
    /** Null: key-safe codes are written in clear. */
    private final FieldCipher cipher;
    private final Set<String> loggedUnreadable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Without a field cipher: key-safe codes are stored in clear (tests that do not care). */
    public SqlCareDirectory(Database db, Clock clock) {
        this(db, clock, null);
    }

    /** @param cipher seals residents' key-safe codes; null: stored in clear */
    public SqlCareDirectory(Database db, Clock clock, FieldCipher cipher) {
        this.db = db;
        this.clock = clock;
        this.cipher = cipher;
    }

    public Database database() {
        return db;
    }

    /** Whether any key-safe code in {@code db} is sealed (then a lost field key is lost, not new). */
    public static boolean holdsSealedCodes(Database db) {
        return db.read(c -> !strings(c, "SELECT id FROM residents WHERE key_safe_code LIKE ? LIMIT 1",
                FieldCipher.PREFIX + "%").isEmpty());
    }

    /**
     * Seals every key-safe code still stored in clear (rows from before field encryption, or written by a relay
     * without a key), each bound to its own resident; returns how many. Run at start-up by a relay with a key, so an
     * upgraded service does not keep its older residents' codes in clear until someone edits them. Each row is
     * changed only if it still holds the clear value read (another relay doing the same at once is harmless).
     */
    public int sealClearKeySafeCodes() {
        if (cipher == null) {
            return 0;
        }
        return db.inTransaction(c -> {
            List<String[]> clear = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant, id, key_safe_code FROM residents "
                    + "WHERE key_safe_code IS NOT NULL AND key_safe_code NOT LIKE ?")) {
                ps.setString(1, FieldCipher.PREFIX + "%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        clear.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                    }
                }
            }
            int sealed = 0;
            for (String[] row : clear) {
                String code = cipher.seal(row[2], keySafePlace(TenantId.of(row[0]), ResidentId.of(row[1])));
                sealed += update(c, "UPDATE residents SET key_safe_code = ? WHERE tenant = ? AND id = ? "
                        + "AND key_safe_code = ?", code, row[0], row[1], row[2]);
            }
            return sealed;
        });
    }

    Clock clock() {
        return clock;
    }

    // ---- CareDirectory

    @Override
    public Optional<Resident> resident(TenantId tenant, ResidentId resident) {
        return db.read(c -> resident(c, tenant, resident));
    }

    @Override
    public List<CircleMember> circle(TenantId tenant, ResidentId resident) {
        return db.read(c -> circle(c, tenant, resident));
    }

    @Override
    public Set<ResidentId> residentsNaming(TenantId tenant, String login) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT m.resident FROM accounts a JOIN circle_members m "
                    + "ON m.tenant = a.tenant AND m.contact = a.contact WHERE a.login = ? AND a.tenant = ? "
                    + "AND a.disabled = 0 ORDER BY m.resident")) {
                ps.setString(1, login);
                ps.setString(2, tenant.value());
                Set<ResidentId> out = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(ResidentId.of(rs.getString(1)));
                    }
                }
                return Set.copyOf(out);
            }
        });
    }

    @Override
    public Optional<Account> account(String login) {
        return db.read(c -> account(c, login));
    }

    @Override
    public Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub) {
        return db.read(c -> currentResident(c, tenant, hub));
    }

    // ---- reads for the admin API

    public Optional<Tenant> tenant(TenantId id) {
        return db.read(c -> tenant(c, id));
    }

    public List<Resident> residents(TenantId tenant) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(RESIDENT_SELECT + " WHERE tenant = ? ORDER BY id")) {
                ps.setString(1, tenant.value());
                List<Resident> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(resident(rs));
                    }
                }
                return out;
            }
        });
    }

    /** The most residents or hubs one page may hold. */
    public static final int MAX_PAGE = 200;

    /**
     * A page of the tenant's residents by family name, filtered in SQL: every word of {@code query} must appear
     * (any case) in the id, a name, the town or the postcode. {@code only}, when not null, limits the list to those
     * residents (a circle role's own); empty: nobody.
     */
    public Page<Resident> residents(TenantId tenant, String query, Set<ResidentId> only, int limit, int offset) {
        checkPage(limit, offset);
        if (only != null && only.isEmpty()) {
            return new Page<>(List.of(), 0);
        }
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE tenant = ?");
        args.add(tenant.value());
        if (only != null) {
            where.append(" AND id IN (").append(String.join(",", java.util.Collections.nCopies(only.size(), "?")))
                    .append(')');
            only.stream().map(ResidentId::value).sorted().forEach(args::add);
        }
        search(where, args, query, "id", "given_name", "family_name", "COALESCE(preferred_name, '')",
                "COALESCE(town, '')", "COALESCE(postcode, '')");
        return db.read(c -> {
            int total = count(c, "SELECT COUNT(*) FROM residents" + where, args);
            List<Object> paged = new ArrayList<>(args);
            paged.add(limit);
            paged.add(offset);
            List<Resident> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(RESIDENT_SELECT + where
                    + " ORDER BY LOWER(family_name), LOWER(given_name), id LIMIT ? OFFSET ?")) {
                bind(ps, paged.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(resident(rs));
                    }
                }
            }
            return new Page<>(out, total);
        });
    }

    /**
     * A page of the tenant's hubs by id, filtered in SQL: every word of {@code query} must appear (any case) in the
     * hub id, or the id, a name or the town of the resident it serves now.
     */
    public Page<HubListing> hubs(TenantId tenant, String query, int limit, int offset) {
        checkPage(limit, offset);
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE h.tenant = ?");
        args.add(tenant.value());
        search(where, args, query, "h.id", "COALESCE(a.resident, '')", "COALESCE(r.given_name, '')",
                "COALESCE(r.family_name, '')", "COALESCE(r.preferred_name, '')", "COALESCE(r.town, '')");
        boolean searching = args.size() > 1;
        String joins = " LEFT JOIN hub_assignments a ON a.tenant = h.tenant AND a.hub = h.id "
                + "AND a.to_at IS NULL LEFT JOIN residents r ON r.tenant = a.tenant AND r.id = a.resident";
        // Without a search the page is cut from the hubs alone and only its 50 rows are joined: counting or
        // ordering the whole join took PostgreSQL seconds on 10,000 hubs before its statistics had caught up.
        String count = searching ? "SELECT COUNT(*) FROM registered_hubs h" + joins + where
                : "SELECT COUNT(*) FROM registered_hubs h" + where;
        String page = searching ? "SELECT h.tenant, h.id, h.password_hash, h.certificate_fingerprint, a.resident, "
                + "r.given_name, r.family_name, r.preferred_name, r.town FROM registered_hubs h" + joins + where
                + " ORDER BY h.id LIMIT ? OFFSET ?"
                : "SELECT h.tenant, h.id, h.password_hash, h.certificate_fingerprint, a.resident, r.given_name, "
                + "r.family_name, r.preferred_name, r.town FROM (SELECT * FROM registered_hubs h" + where
                + " ORDER BY h.id LIMIT ? OFFSET ?) h" + joins + " ORDER BY h.id";
        return db.read(c -> {
            int total = count(c, count, args);
            List<Object> paged = new ArrayList<>(args);
            paged.add(limit);
            paged.add(offset);
            List<HubListing> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(page)) {
                bind(ps, paged.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String given = rs.getString(8) != null && !rs.getString(8).isBlank() ? rs.getString(8)
                                : rs.getString(6);
                        String name = given == null ? null : given + " " + rs.getString(7);
                        out.add(new HubListing(hub(rs), name, rs.getString(9)));
                    }
                }
            }
            return new Page<>(out, total);
        });
    }

    /** A page of the tenant's contacts by name: every word of {@code query} must appear in the id or the name. */
    public Page<Contact> contacts(TenantId tenant, String query, int limit, int offset) {
        checkPage(limit, offset);
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE tenant = ?");
        args.add(tenant.value());
        search(where, args, query, "id", "name");
        return db.read(c -> {
            int total = count(c, "SELECT COUNT(*) FROM contacts" + where, args);
            List<Object> paged = new ArrayList<>(args);
            paged.add(limit);
            paged.add(offset);
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM contacts" + where
                    + " ORDER BY LOWER(name), id LIMIT ? OFFSET ?")) {
                bind(ps, paged.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            List<Contact> out = new ArrayList<>();
            for (String id : ids) { // a page: at most MAX_PAGE look-ups of the channels
                contact(c, tenant, id).ifPresent(out::add);
            }
            return new Page<>(out, total);
        });
    }

    /** The hubs assigned to the resident now. */
    public List<HubId> hubsOf(TenantId tenant, ResidentId resident) {
        return db.read(c -> strings(c, "SELECT hub FROM hub_assignments WHERE tenant = ? AND resident = ? "
                + "AND to_at IS NULL ORDER BY hub", tenant.value(), resident.value())).stream().map(HubId::of).toList();
    }

    private static void checkPage(int limit, int offset) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_PAGE);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset: must not be negative");
        }
    }

    /**
     * Adds "every word appears in one of the columns" to {@code where}. LOWER on both sides: SQLite's LIKE ignores
     * ASCII case, PostgreSQL's does not. The words' own % and _ are escaped; at most 5 words of 64 characters.
     */
    private static void search(StringBuilder where, List<Object> args, String query, String... columns) {
        if (query == null || query.isBlank()) {
            return;
        }
        String[] words = query.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
        for (int w = 0; w < Math.min(words.length, 5); w++) {
            String word = words[w].length() > 64 ? words[w].substring(0, 64) : words[w];
            String like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (");
            for (int i = 0; i < columns.length; i++) {
                where.append(i == 0 ? "" : " OR ").append("LOWER(").append(columns[i]).append(") LIKE ? ESCAPE '\\'");
                args.add(like);
            }
            where.append(')');
        }
    }

    private static int count(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public List<Contact> contacts(TenantId tenant) {
        return db.read(c -> {
            List<String> ids = strings(c, "SELECT id FROM contacts WHERE tenant = ? ORDER BY id", tenant.value());
            List<Contact> out = new ArrayList<>();
            for (String id : ids) {
                contact(c, tenant, id).ifPresent(out::add);
            }
            return out;
        });
    }

    public Optional<Contact> contact(TenantId tenant, String id) {
        return db.read(c -> contact(c, tenant, id));
    }

    /** The circle as written (contact ids, roles, order), for the admin API. */
    public List<CircleEntry> circleEntries(TenantId tenant, ResidentId resident) {
        return db.read(c -> circleEntries(c, tenant, resident));
    }

    public List<RegisteredHub> hubs(TenantId tenant) {
        return db.read(c -> hubs(c, tenant.value()));
    }

    /** Every tenant's hubs: what the broker's password and ACL files are written from. */
    public List<RegisteredHub> allHubs() {
        return db.read(c -> hubs(c, null));
    }

    public Optional<RegisteredHub> hub(TenantId tenant, HubId hub) {
        return db.read(c -> hub(c, tenant, hub));
    }

    /** Who the hub served and when, oldest first. */
    public List<HubAssignment> hubHistory(TenantId tenant, HubId hub) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT resident, from_at, to_at FROM hub_assignments "
                    + "WHERE tenant = ? AND hub = ? ORDER BY from_at, id")) {
                ps.setString(1, tenant.value());
                ps.setString(2, hub.value());
                List<HubAssignment> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ResidentId resident = ResidentId.of(rs.getString(1));
                        Instant from = Instant.ofEpochMilli(rs.getLong(2));
                        long to = rs.getLong(3);
                        Instant until = rs.wasNull() ? null : Instant.ofEpochMilli(to);
                        out.add(new HubAssignment(hub, resident, from, until));
                    }
                }
                return out;
            }
        });
    }

    public List<Device> devices(TenantId tenant, HubId hub) {
        return db.read(c -> devices(c, tenant, hub));
    }

    /** Every device of the tenant's hubs, in one query (the health overview of 10,000 homes). */
    public List<Device> devices(TenantId tenant) {
        return db.read(c -> {
            List<Device> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT hub, id, kind, model FROM devices WHERE tenant = ? "
                    + "ORDER BY hub, id")) {
                ps.setString(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Device(HubId.of(rs.getString(1)), DeviceId.of(rs.getString(2)), rs.getString(3),
                                rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }

    public List<Account> accounts(TenantId tenant) {
        return db.read(c -> {
            List<Account> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT login, tenant, role, password_hash, totp_secret, "
                    + "contact, disabled FROM accounts WHERE tenant = ? ORDER BY login")) {
                ps.setString(1, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Account(rs.getString(1), TenantId.of(rs.getString(2)),
                                Role.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getInt(7) != 0));
                    }
                }
            }
            return out;
        });
    }

    // ---- writes, each in one transaction

    public Change putTenant(Tenant t) {
        return db.inTransaction(c -> putTenant(c, t));
    }

    public Change putResident(Resident r) {
        return db.inTransaction(c -> putResident(c, r));
    }

    public Change putContact(TenantId tenant, Contact contact) {
        return db.inTransaction(c -> putContact(c, tenant, contact));
    }

    public Change putCircle(TenantId tenant, ResidentId resident, List<CircleEntry> circle) {
        return db.inTransaction(c -> putCircle(c, tenant, resident, circle));
    }

    public Change putHub(RegisteredHub hub) {
        return db.inTransaction(c -> putHub(c, hub));
    }

    public Change putDevice(TenantId tenant, Device device) {
        return db.inTransaction(c -> putDevice(c, tenant, device));
    }

    public Change putAccount(Account account) {
        return db.inTransaction(c -> putAccount(c, account));
    }

    // ---- the same on a caller's connection (DirectoryImport: one transaction for a whole service)

    Change putTenant(Connection c, Tenant t) throws SQLException {
        Optional<Tenant> old = tenant(c, t.id());
        if (old.isPresent() && old.get().equals(t)) {
            return Change.UNCHANGED;
        }
        long now = clock.millis();
        if (old.isEmpty()) {
            update(c, "INSERT INTO tenants(id, name, created_at, updated_at) VALUES(?,?,?,?)", t.id().value(),
                    t.name(), now, now);
            return Change.CREATED;
        }
        update(c, "UPDATE tenants SET name = ?, updated_at = ? WHERE id = ?", t.name(), now, t.id().value());
        return Change.UPDATED;
    }

    Change putResident(Connection c, Resident given) throws SQLException {
        Resident checked = DirectoryRules.resident(given, clock);
        requireTenant(c, checked.tenant());
        Optional<Resident> old = resident(c, checked.tenant(), checked.id());
        // A code this relay cannot open is kept when the write brings none (an edit on a relay with the wrong key
        // must not erase it); a new code replaces it.
        Resident r = old.isPresent() && old.get().safety().keySafeCodeUnreadable()
                && checked.safety().keySafeCode() == null ? withSafety(checked, checked.safety().unreadableCode())
                : checked;
        String stored = old.isEmpty() ? null : strings(c, "SELECT key_safe_code FROM residents WHERE tenant = ? "
                + "AND id = ?", r.tenant().value(), r.id().value()).get(0);
        FieldCipher.Place place = keySafePlace(r.tenant(), r.id());
        // Sealing the same code twice gives two ciphertexts: "unchanged" is decided on the plaintext, and an
        // unchanged sealed code keeps its stored ciphertext.
        String code = r.safety().keySafeCode();
        String column = r.safety().keySafeCodeUnreadable() ? stored
                : code == null ? null
                : old.isPresent() && code.equals(old.get().safety().keySafeCode())
                        && (FieldCipher.isSealed(stored) || cipher == null) ? stored
                : cipher == null ? code : cipher.seal(code, place);
        if (old.isPresent() && old.get().equals(r)) {
            if (!Objects.equals(column, stored)) { // a code written before sealing: sealed now, nothing else changes
                update(c, "UPDATE residents SET key_safe_code = ? WHERE tenant = ? AND id = ?", column,
                        r.tenant().value(), r.id().value());
            }
            return Change.UNCHANGED;
        }
        if (r.nhsNumber() != null) {
            List<String> holders = strings(c, "SELECT id FROM residents WHERE tenant = ? AND nhs_number = ? "
                    + "AND id <> ?", r.tenant().value(), r.nhsNumber(), r.id().value());
            if (!holders.isEmpty()) {
                throw new IllegalArgumentException("nhsNumber: already the NHS number of resident " + holders.get(0));
            }
        }
        long now = clock.millis();
        Object[] values = {r.givenName(), r.familyName(), r.preferredName(),
            r.birthDate() == null ? null : r.birthDate().toString(), json(r.address().lines()), r.address().town(),
            r.address().postcode(), r.phone(), r.nhsNumber(), r.nhsVerification(), r.safety().accessInstructions(),
            column, r.safety().dnacpr() ? 1 : 0, r.safety().endOfLifeWishes(),
            json(r.safety().allergies()), json(r.safety().conditions()), json(r.safety().languages()), r.gp(), now,
            r.tenant().value(), r.id().value()};
        if (old.isEmpty()) {
            update(c, "INSERT INTO residents(given_name, family_name, preferred_name, birth_date, address_lines, "
                    + "town, postcode, phone, nhs_number, nhs_verification, access_instructions, key_safe_code, "
                    + "dnacpr, end_of_life_wishes, allergies, conditions, languages, gp, updated_at, tenant, id, "
                    + "created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", append(values, now));
            return Change.CREATED;
        }
        update(c, "UPDATE residents SET given_name = ?, family_name = ?, preferred_name = ?, birth_date = ?, "
                + "address_lines = ?, town = ?, postcode = ?, phone = ?, nhs_number = ?, nhs_verification = ?, "
                + "access_instructions = ?, key_safe_code = ?, dnacpr = ?, end_of_life_wishes = ?, allergies = ?, "
                + "conditions = ?, languages = ?, gp = ?, updated_at = ? WHERE tenant = ? AND id = ?", values);
        return Change.UPDATED;
    }

    Change putContact(Connection c, TenantId tenant, Contact given) throws SQLException {
        Contact contact = DirectoryRules.contact(given);
        requireTenant(c, tenant);
        Optional<Contact> old = contact(c, tenant, contact.id());
        if (old.isPresent() && old.get().equals(contact)) {
            return Change.UNCHANGED;
        }
        long now = clock.millis();
        String from = contact.quiet() == null ? null : contact.quiet().from().toString();
        String to = contact.quiet() == null ? null : contact.quiet().to().toString();
        if (old.isEmpty()) {
            update(c, "INSERT INTO contacts(tenant, id, name, quiet_from, quiet_to, created_at, updated_at) "
                    + "VALUES(?,?,?,?,?,?,?)", tenant.value(), contact.id(), contact.name(), from, to, now, now);
        } else {
            update(c, "UPDATE contacts SET name = ?, quiet_from = ?, quiet_to = ?, updated_at = ? WHERE tenant = ? "
                    + "AND id = ?", contact.name(), from, to, now, tenant.value(), contact.id());
            update(c, "DELETE FROM contact_channels WHERE tenant = ? AND contact = ?", tenant.value(), contact.id());
        }
        int position = 1;
        for (ContactPoint p : contact.channels()) {
            update(c, "INSERT INTO contact_channels(tenant, contact, position, channel, address) VALUES(?,?,?,?,?)",
                    tenant.value(), contact.id(), position++, p.channel().name(), p.address());
        }
        return old.isEmpty() ? Change.CREATED : Change.UPDATED;
    }

    /** Replaces the resident's whole circle with {@code circle}. */
    Change putCircle(Connection c, TenantId tenant, ResidentId resident, List<CircleEntry> circle)
            throws SQLException {
        if (resident(c, tenant, resident).isEmpty()) {
            throw new IllegalArgumentException("resident: no resident " + resident + " in tenant " + tenant);
        }
        Set<String> seen = new java.util.HashSet<>();
        for (CircleEntry e : circle) {
            if (!seen.add(e.contactId())) {
                throw new IllegalArgumentException("contact: " + e.contactId() + " is in the circle twice");
            }
            if (contact(c, tenant, e.contactId()).isEmpty()) {
                throw new IllegalArgumentException("contact: no contact " + e.contactId() + " in tenant " + tenant);
            }
        }
        List<CircleEntry> wanted = sortedCircle(circle);
        List<CircleEntry> old = circleEntries(c, tenant, resident);
        if (old.equals(wanted)) {
            return Change.UNCHANGED;
        }
        update(c, "DELETE FROM circle_members WHERE tenant = ? AND resident = ?", tenant.value(), resident.value());
        for (CircleEntry e : wanted) {
            update(c, "INSERT INTO circle_members(tenant, resident, contact, role, position, sees, resident_called) "
                    + "VALUES(?,?,?,?,?,?,?)", tenant.value(), resident.value(), e.contactId(), e.role().name(),
                    e.order(), e.sees().name(), e.residentCalled());
        }
        return old.isEmpty() ? Change.CREATED : Change.UPDATED;
    }

    /**
     * Registers the hub (credentials), assigns it to {@code hub.resident()} (closing the previous assignment: the
     * history keeps both) or to nobody, and confirms it for ingest.
     */
    Change putHub(Connection c, RegisteredHub hub) throws SQLException {
        requireTenant(c, hub.tenant());
        if (hub.resident() != null && resident(c, hub.tenant(), hub.resident()).isEmpty()) {
            throw new IllegalArgumentException("resident: no resident " + hub.resident() + " in tenant "
                    + hub.tenant());
        }
        long now = clock.millis();
        // The relay ingests confirmed registrations only: a directory hub is one, from now (or since it was). Done
        // even when nothing else changes, so that the directory's hubs are always exactly the confirmed ones.
        update(c, "INSERT INTO registrations(tenant, hub, state, since) VALUES(?,?,'CONFIRMED',?) "
                + "ON CONFLICT(tenant, hub) DO UPDATE SET state = 'CONFIRMED', since = excluded.since "
                + "WHERE registrations.state <> 'CONFIRMED'", hub.tenant().value(), hub.id().value(), now);
        Optional<RegisteredHub> old = hub(c, hub.tenant(), hub.id());
        if (old.isPresent() && old.get().equals(hub)) {
            return Change.UNCHANGED;
        }
        if (old.isEmpty()) {
            update(c, "INSERT INTO registered_hubs(tenant, id, password_hash, certificate_fingerprint, created_at, "
                    + "updated_at) VALUES(?,?,?,?,?,?)", hub.tenant().value(), hub.id().value(), hub.passwordHash(),
                    hub.certificateFingerprint(), now, now);
        } else if (!Objects.equals(old.get().passwordHash(), hub.passwordHash())
                || !Objects.equals(old.get().certificateFingerprint(), hub.certificateFingerprint())) {
            update(c, "UPDATE registered_hubs SET password_hash = ?, certificate_fingerprint = ?, updated_at = ? "
                    + "WHERE tenant = ? AND id = ?", hub.passwordHash(), hub.certificateFingerprint(), now,
                    hub.tenant().value(), hub.id().value());
        }
        ResidentId current = old.map(RegisteredHub::resident).orElse(null);
        if (!Objects.equals(current, hub.resident())) {
            update(c, "UPDATE hub_assignments SET to_at = ? WHERE tenant = ? AND hub = ? AND to_at IS NULL", now,
                    hub.tenant().value(), hub.id().value());
            if (hub.resident() != null) {
                update(c, "INSERT INTO hub_assignments(tenant, hub, resident, from_at) VALUES(?,?,?,?)",
                        hub.tenant().value(), hub.id().value(), hub.resident().value(), now);
            }
        }
        return old.isEmpty() ? Change.CREATED : Change.UPDATED;
    }

    Change putDevice(Connection c, TenantId tenant, Device d) throws SQLException {
        if (hub(c, tenant, d.hub()).isEmpty()) {
            throw new IllegalArgumentException("hub: no hub " + d.hub() + " in tenant " + tenant);
        }
        Optional<Device> old = devices(c, tenant, d.hub()).stream().filter(x -> x.id().equals(d.id())).findFirst();
        if (old.isPresent() && old.get().equals(d)) {
            return Change.UNCHANGED;
        }
        long now = clock.millis();
        if (old.isEmpty()) {
            update(c, "INSERT INTO devices(tenant, hub, id, kind, model, created_at, updated_at) VALUES(?,?,?,?,?,?,?)",
                    tenant.value(), d.hub().value(), d.id().value(), d.kind(), d.model(), now, now);
            return Change.CREATED;
        }
        update(c, "UPDATE devices SET kind = ?, model = ?, updated_at = ? WHERE tenant = ? AND hub = ? AND id = ?",
                d.kind(), d.model(), now, tenant.value(), d.hub().value(), d.id().value());
        return Change.UPDATED;
    }

    Change putAccount(Connection c, Account given) throws SQLException {
        Account a = DirectoryRules.account(given);
        requireTenant(c, a.tenant());
        if (a.contactId() != null && contact(c, a.tenant(), a.contactId()).isEmpty()) {
            throw new IllegalArgumentException("contact: no contact " + a.contactId() + " in tenant " + a.tenant());
        }
        Optional<Account> old = account(c, a.login());
        if (old.isPresent() && !old.get().tenant().equals(a.tenant())) {
            throw new IllegalArgumentException("login: '" + a.login() + "' is taken");
        }
        if (old.isPresent() && old.get().equals(a)) {
            return Change.UNCHANGED;
        }
        long now = clock.millis();
        if (old.isEmpty()) {
            update(c, "INSERT INTO accounts(login, tenant, role, password_hash, totp_secret, contact, disabled, "
                    + "created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?)", a.login(), a.tenant().value(),
                    a.role().name(), a.passwordHash(), a.totpSecret(), a.contactId(), a.disabled() ? 1 : 0, now, now);
            return Change.CREATED;
        }
        update(c, "UPDATE accounts SET role = ?, password_hash = ?, totp_secret = ?, contact = ?, disabled = ?, "
                + "updated_at = ? WHERE login = ?", a.role().name(), a.passwordHash(), a.totpSecret(), a.contactId(),
                a.disabled() ? 1 : 0, now, a.login());
        return Change.UPDATED;
    }

    // ---- row mapping

    private static final String RESIDENT_SELECT = "SELECT tenant, id, given_name, family_name, preferred_name, "
            + "birth_date, address_lines, town, postcode, phone, nhs_number, nhs_verification, access_instructions, "
            + "key_safe_code, dnacpr, end_of_life_wishes, allergies, conditions, languages, gp FROM residents";

    Optional<Resident> resident(Connection c, TenantId tenant, ResidentId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RESIDENT_SELECT + " WHERE tenant = ? AND id = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(resident(rs)) : Optional.empty();
            }
        }
    }

    private Resident resident(ResultSet rs) throws SQLException {
        String born = rs.getString(6);
        TenantId tenant = TenantId.of(rs.getString(1));
        ResidentId id = ResidentId.of(rs.getString(2));
        Resident.SafetyInfo safety = new Resident.SafetyInfo(rs.getString(13), null, rs.getInt(15) != 0,
                rs.getString(16), list(rs.getString(17)), list(rs.getString(18)), list(rs.getString(19)));
        String stored = rs.getString(14);
        try {
            safety = withCode(safety, openKeySafeCode(stored, tenant, id));
        } catch (FieldCipher.Unreadable e) {
            // One resident's card says "cannot be read" rather than failing, and nothing shows the value.
            if (loggedUnreadable.size() < MAX_LOGGED && loggedUnreadable.add(tenant.value() + "/" + id.value())) {
                LOG.error("resident {}/{}: key-safe code cannot be read: {}", tenant.value(), id.value(),
                        e.getMessage());
            }
            safety = safety.unreadableCode();
        }
        return new Resident(tenant, id, rs.getString(3),
                rs.getString(4), rs.getString(5), born == null ? null : LocalDate.parse(born),
                new Resident.Address(list(rs.getString(7)), rs.getString(8), rs.getString(9)), rs.getString(10),
                rs.getString(11), rs.getString(12), safety, rs.getString(20));
    }

    private String openKeySafeCode(String stored, TenantId tenant, ResidentId id) {
        if (cipher != null) {
            return cipher.open(stored, keySafePlace(tenant, id));
        }
        if (FieldCipher.isSealed(stored)) {
            throw new FieldCipher.Unreadable(keySafePlace(tenant, id) + ": sealed, and this relay has no field key "
                    + "(security.fieldKeyFile)");
        }
        return stored;
    }

    private static FieldCipher.Place keySafePlace(TenantId tenant, ResidentId id) {
        return new FieldCipher.Place("key_safe_code", tenant.value(), id.value());
    }

    private static Resident.SafetyInfo withCode(Resident.SafetyInfo s, String code) {
        return new Resident.SafetyInfo(s.accessInstructions(), code, s.dnacpr(), s.endOfLifeWishes(), s.allergies(),
                s.conditions(), s.languages());
    }

    private static Resident withSafety(Resident r, Resident.SafetyInfo safety) {
        return new Resident(r.tenant(), r.id(), r.givenName(), r.familyName(), r.preferredName(), r.birthDate(),
                r.address(), r.phone(), r.nhsNumber(), r.nhsVerification(), safety, r.gp());
    }

    Optional<Tenant> tenant(Connection c, TenantId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM tenants WHERE id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Tenant(id, rs.getString(1))) : Optional.empty();
            }
        }
    }

    Optional<Contact> contact(Connection c, TenantId tenant, String id) throws SQLException {
        String name;
        QuietHours quiet;
        try (PreparedStatement ps = c.prepareStatement("SELECT name, quiet_from, quiet_to FROM contacts "
                + "WHERE tenant = ? AND id = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                name = rs.getString(1);
                quiet = rs.getString(2) == null ? null
                        : new QuietHours(LocalTime.parse(rs.getString(2)), LocalTime.parse(rs.getString(3)));
            }
        }
        List<ContactPoint> channels = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT channel, address FROM contact_channels "
                + "WHERE tenant = ? AND contact = ? ORDER BY position")) {
            ps.setString(1, tenant.value());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    channels.add(new ContactPoint(Channel.valueOf(rs.getString(1)), rs.getString(2)));
                }
            }
        }
        return Optional.of(new Contact(id, name, channels, quiet));
    }

    List<CircleEntry> circleEntries(Connection c, TenantId tenant, ResidentId resident) throws SQLException {
        List<CircleEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT contact, role, position, sees, resident_called "
                + "FROM circle_members WHERE tenant = ? AND resident = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, resident.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CircleEntry(rs.getString(1), CircleRole.valueOf(rs.getString(2)), rs.getInt(3),
                            Sees.valueOf(rs.getString(4)), rs.getString(5)));
                }
            }
        }
        return sortedCircle(out);
    }

    private List<CircleMember> circle(Connection c, TenantId tenant, ResidentId resident) throws SQLException {
        List<CircleMember> out = new ArrayList<>();
        for (CircleEntry e : circleEntries(c, tenant, resident)) {
            Contact contact = contact(c, tenant, e.contactId()).orElseThrow();
            List<String> logins = strings(c, "SELECT login FROM accounts WHERE tenant = ? AND contact = ? "
                    + "AND disabled = 0 ORDER BY login", tenant.value(), e.contactId());
            out.add(new CircleMember(contact.id(), contact.name(), e.residentCalled(), e.role(), e.order(),
                    contact.channels(), contact.quiet(), e.sees(), logins.isEmpty() ? null : logins.get(0)));
        }
        return out;
    }

    /** By role (as {@link CircleRole} lists them), then preference order, then contact id. */
    private static List<CircleEntry> sortedCircle(List<CircleEntry> circle) {
        return circle.stream().sorted(Comparator.comparing(CircleEntry::role).thenComparingInt(CircleEntry::order)
                .thenComparing(CircleEntry::contactId)).toList();
    }

    private List<RegisteredHub> hubs(Connection c, String tenant) throws SQLException {
        List<RegisteredHub> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT h.tenant, h.id, h.password_hash, "
                + "h.certificate_fingerprint, a.resident FROM registered_hubs h LEFT JOIN hub_assignments a "
                + "ON a.tenant = h.tenant AND a.hub = h.id AND a.to_at IS NULL"
                + (tenant == null ? "" : " WHERE h.tenant = ?") + " ORDER BY h.tenant, h.id")) {
            if (tenant != null) {
                ps.setString(1, tenant);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(hub(rs));
                }
            }
        }
        return out;
    }

    Optional<RegisteredHub> hub(Connection c, TenantId tenant, HubId hub) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT h.tenant, h.id, h.password_hash, "
                + "h.certificate_fingerprint, a.resident FROM registered_hubs h LEFT JOIN hub_assignments a "
                + "ON a.tenant = h.tenant AND a.hub = h.id AND a.to_at IS NULL WHERE h.tenant = ? AND h.id = ?")) {
            ps.setString(1, tenant.value());
            ps.setString(2, hub.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(hub(rs)) : Optional.empty();
            }
        }
    }

    private static RegisteredHub hub(ResultSet rs) throws SQLException {
        String resident = rs.getString(5);
        return new RegisteredHub(TenantId.of(rs.getString(1)), HubId.of(rs.getString(2)), rs.getString(3),
                rs.getString(4), resident == null ? null : ResidentId.of(resident));
    }

    private static Optional<ResidentId> currentResident(Connection c, TenantId tenant, HubId hub)
            throws SQLException {
        List<String> r = strings(c, "SELECT resident FROM hub_assignments WHERE tenant = ? AND hub = ? "
                + "AND to_at IS NULL", tenant.value(), hub.value());
        return r.isEmpty() ? Optional.empty() : Optional.of(ResidentId.of(r.get(0)));
    }

    List<Device> devices(Connection c, TenantId tenant, HubId hub) throws SQLException {
        List<Device> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, model FROM devices WHERE tenant = ? "
                + "AND hub = ? ORDER BY id")) {
            ps.setString(1, tenant.value());
            ps.setString(2, hub.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Device(hub, DeviceId.of(rs.getString(1)), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    Optional<Account> account(Connection c, String login) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, role, password_hash, totp_secret, contact, "
                + "disabled FROM accounts WHERE login = ?")) {
            ps.setString(1, login);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Account(login, TenantId.of(rs.getString(1)),
                        Role.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6) != 0)) : Optional.empty();
            }
        }
    }

    // ---- helpers

    private static void requireTenant(Connection c, TenantId tenant) throws SQLException {
        if (strings(c, "SELECT id FROM tenants WHERE id = ?", tenant.value()).isEmpty()) {
            throw new IllegalArgumentException("tenant: no tenant " + tenant);
        }
    }

    private static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case null -> ps.setNull(i + 1, Types.VARCHAR);
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                default -> throw new IllegalArgumentException("cannot bind " + a.getClass());
            }
        }
    }

    private static Object[] append(Object[] values, Object last) {
        Object[] out = java.util.Arrays.copyOf(values, values.length + 1);
        out[values.length] = last;
        return out;
    }

    private static String json(List<String> values) {
        return Json.write(values);
    }

    private static List<String> list(String json) {
        try {
            return json == null ? List.of() : List.copyOf(Json.MAPPER.readValue(json, STRINGS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a directory list column is not JSON", e);
        }
    }
}
