package org.hearthgate.relay.directory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.config.ConfigException;
import org.hearthgate.contract.config.YamlConfig;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.audit.AuditTrail;

/**
 * {@code ./hearthgate admin import directory.yaml}: a whole telecare service (tenant, contacts, residents with their
 * circles, hubs with their devices, accounts) in one transaction. Importing the same file again changes nothing
 * (every write compares first, so no row is touched and no history row is added). A bad file changes nothing: every
 * value is checked before the first write, each error names its row and field
 * ({@code residents[2].nhsNumber: 9434765918 fails the Modulus 11 check}), and anything the database refuses rolls
 * the whole file back.
 *
 * <p>The file is the truth for what it names: a resident's circle is replaced by the file's, a hub's assignment
 * follows the file (no {@code resident}: unassigned). What it does not name (another resident, an old contact) is
 * left alone: an import never deletes people.
 */
public final class DirectoryImport {

    /** The file was refused; nothing was written. */
    public static final class Rejected extends RuntimeException {
        private final List<String> errors;

        Rejected(List<String> errors) {
            super(String.join("\n", errors), null, false, false);
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    /** What the import did, per kind of row ("residents", "circles", …). */
    public record Result(TenantId tenant, Map<String, Map<Change, Integer>> counts) {
        public int changed() {
            return counts.values().stream().mapToInt(m -> m.getOrDefault(Change.CREATED, 0)
                    + m.getOrDefault(Change.UPDATED, 0)).sum();
        }
    }

    private final SqlCareDirectory directory;
    private final AuditTrail audit;

    public DirectoryImport(SqlCareDirectory directory, AuditTrail audit) {
        this.directory = directory;
        this.audit = audit;
    }

    public Result importFile(Path file, String by) {
        DirectoryFile parsed;
        try {
            parsed = YamlConfig.load(file, DirectoryFile.class);
        } catch (ConfigException e) {
            throw new Rejected(List.of(e.getMessage()));
        }
        return importParsed(parsed, by);
    }

    public Result importYaml(String yaml, String by) {
        DirectoryFile parsed;
        try {
            parsed = YamlConfig.parse(yaml, DirectoryFile.class);
        } catch (ConfigException e) {
            throw new Rejected(List.of(e.getMessage()));
        }
        return importParsed(parsed, by);
    }

    /** The checked content of a file, ready to write. */
    private record Plan(Tenant tenant, List<Row<Contact>> contacts, List<Row<Resident>> residents,
            List<Row<List<CircleEntry>>> circles, List<Row<RegisteredHub>> hubs, List<Row<Device>> devices,
            List<Row<Account>> accounts) {
    }

    /** A value and where it came from in the file, for the error that names it. */
    private record Row<T>(String at, T value) {
    }

    private Result importParsed(DirectoryFile f, String by) {
        Plan plan = check(f);
        Map<String, Map<Change, Integer>> counts = new LinkedHashMap<>();
        List<ResidentId> changedResidents = new ArrayList<>();
        try {
            directory.database().inTransaction(c -> {
                count(counts, "tenant", write("tenant", () -> directory.putTenant(c, plan.tenant())));
                for (Row<Contact> r : plan.contacts()) {
                    count(counts, "contacts", write(r.at(), () -> directory.putContact(c, plan.tenant().id(),
                            r.value())));
                }
                for (Row<Resident> r : plan.residents()) {
                    Change change = write(r.at(), () -> directory.putResident(c, r.value()));
                    count(counts, "residents", change);
                    if (change != Change.UNCHANGED) {
                        changedResidents.add(r.value().id());
                    }
                }
                for (int i = 0; i < plan.circles().size(); i++) {
                    Row<List<CircleEntry>> r = plan.circles().get(i);
                    ResidentId resident = plan.residents().get(i).value().id();
                    Change change = write(r.at(), () -> directory.putCircle(c, plan.tenant().id(), resident,
                            r.value()));
                    count(counts, "circles", change);
                    if (change != Change.UNCHANGED && !changedResidents.contains(resident)) {
                        changedResidents.add(resident);
                    }
                }
                for (Row<RegisteredHub> r : plan.hubs()) {
                    count(counts, "hubs", write(r.at(), () -> directory.putHub(c, r.value())));
                }
                for (Row<Device> r : plan.devices()) {
                    count(counts, "devices", write(r.at(), () -> directory.putDevice(c, plan.tenant().id(),
                            r.value())));
                }
                for (Row<Account> r : plan.accounts()) {
                    count(counts, "accounts", write(r.at(), () -> directory.putAccount(c, r.value())));
                }
                return null;
            });
        } catch (RowRefused e) {
            throw new Rejected(List.of(e.getMessage()));
        }
        Result result = new Result(plan.tenant().id(), counts);
        if (audit != null && result.changed() > 0) {
            Caller who = new Caller(by, plan.tenant().id(), Role.ADMIN, Set.of(), "cli");
            for (ResidentId r : changedResidents) {
                audit.record(who, "resident.import", r, "directory import");
            }
            audit.record(who, "directory.import", null, summary(counts));
        }
        return result;
    }

    /** "residents: 3 created, 0 updated, 0 unchanged; …" */
    public static String summary(Map<String, Map<Change, Integer>> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, m) -> parts.add(kind + ": " + m.getOrDefault(Change.CREATED, 0) + " created, "
                + m.getOrDefault(Change.UPDATED, 0) + " updated, " + m.getOrDefault(Change.UNCHANGED, 0)
                + " unchanged"));
        return String.join("; ", parts);
    }

    // ---- checking, before any write

    private Plan check(DirectoryFile f) {
        List<String> errors = new ArrayList<>();
        Tenant tenant = null;
        if (f.tenant() == null) {
            errors.add("tenant: is required");
        } else {
            tenant = checked(errors, "tenant", () -> f.tenant().toTenant());
        }
        TenantId t = tenant == null ? TenantId.of("unknown") : tenant.id();

        List<Row<Contact>> contacts = new ArrayList<>();
        Set<String> contactIds = new HashSet<>();
        for (int i = 0; i < f.contacts().size(); i++) {
            DirectoryFile.ContactEntry e = f.contacts().get(i);
            String at = "contacts[" + i + "]";
            Contact c = checked(errors, at, e::toContact);
            if (e.id() != null && !contactIds.add(e.id())) {
                errors.add(at + ".id: " + e.id() + " is listed twice");
            }
            contacts.add(new Row<>(at, c));
        }

        List<Row<Resident>> residents = new ArrayList<>();
        List<Row<List<CircleEntry>>> circles = new ArrayList<>();
        Set<String> residentIds = new HashSet<>();
        Map<String, String> nhsNumbers = new LinkedHashMap<>();
        for (int i = 0; i < f.residents().size(); i++) {
            DirectoryFile.ResidentEntry e = f.residents().get(i);
            String at = "residents[" + i + "]";
            Resident r = checked(errors, at, () -> e.toResident(t, directory.clock()));
            if (e.id() != null && !residentIds.add(e.id())) {
                errors.add(at + ".id: " + e.id() + " is listed twice");
            }
            if (r != null && r.nhsNumber() != null) {
                String other = nhsNumbers.putIfAbsent(r.nhsNumber(), at);
                if (other != null) {
                    errors.add(at + ".nhsNumber: the same as " + other + ".nhsNumber");
                }
            }
            residents.add(new Row<>(at, r));
            List<CircleEntry> circle = new ArrayList<>();
            for (int j = 0; j < e.circle().size(); j++) {
                DirectoryFile.CircleLine line = e.circle().get(j);
                String lineAt = at + ".circle[" + j + "]";
                CircleEntry entry = checked(errors, lineAt, line::toEntry);
                if (entry != null && !contactIds.contains(entry.contactId())) {
                    errors.add(lineAt + ".contact: " + entry.contactId() + " is not among the file's contacts");
                }
                circle.add(entry);
            }
            circles.add(new Row<>(at + ".circle", circle));
        }

        List<Row<RegisteredHub>> hubs = new ArrayList<>();
        List<Row<Device>> devices = new ArrayList<>();
        Set<String> hubIds = new HashSet<>();
        for (int i = 0; i < f.hubs().size(); i++) {
            DirectoryFile.HubEntry e = f.hubs().get(i);
            String at = "hubs[" + i + "]";
            RegisteredHub h = checked(errors, at, () -> e.toHub(t));
            if (h != null && !hubIds.add(h.id().value())) {
                errors.add(at + ".id: " + h.id() + " is listed twice");
            }
            if (h != null && h.resident() != null && !residentIds.contains(h.resident().value())) {
                errors.add(at + ".resident: " + h.resident() + " is not among the file's residents");
            }
            hubs.add(new Row<>(at, h));
            for (int j = 0; j < e.devices().size(); j++) {
                DirectoryFile.DeviceEntry d = e.devices().get(j);
                String deviceAt = at + ".devices[" + j + "]";
                devices.add(new Row<>(deviceAt, checked(errors, deviceAt, () -> d.toDevice(HubId.of(e.id())))));
            }
        }

        List<Row<Account>> accounts = new ArrayList<>();
        Set<String> logins = new HashSet<>();
        for (int i = 0; i < f.accounts().size(); i++) {
            DirectoryFile.AccountEntry e = f.accounts().get(i);
            String at = "accounts[" + i + "]";
            Account a = checked(errors, at, () -> e.toAccount(t));
            if (a != null && !logins.add(a.login())) {
                errors.add(at + ".login: " + a.login() + " is listed twice");
            }
            if (a != null && a.contactId() != null && !contactIds.contains(a.contactId())) {
                errors.add(at + ".contact: " + a.contactId() + " is not among the file's contacts");
            }
            accounts.add(new Row<>(at, a));
        }
        if (!errors.isEmpty()) {
            throw new Rejected(errors);
        }
        return new Plan(tenant, contacts, residents, circles, hubs, devices, accounts);
    }

    /** The value {@code make} builds, or null with its error ("row.field: reason") added to {@code errors}. */
    private static <T> T checked(List<String> errors, String at, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            errors.add(at + "." + e.getMessage());
            return null;
        }
    }

    // ---- writing

    private interface Write {
        Change run() throws SQLException;
    }

    /** A row the database refused (a rule that needs the stored data): rolls the whole import back. */
    private static final class RowRefused extends RuntimeException {
        RowRefused(String message) {
            super(message, null, false, false);
        }
    }

    private static Change write(String at, Write w) throws SQLException {
        try {
            return w.run();
        } catch (IllegalArgumentException e) {
            throw new RowRefused(at + "." + e.getMessage());
        }
    }

    private static void count(Map<String, Map<Change, Integer>> counts, String kind, Change change) {
        counts.computeIfAbsent(kind, k -> new EnumMap<>(Change.class)).merge(change, 1, Integer::sum);
    }
}
