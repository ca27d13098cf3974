package org.hearthgate.relay.directory;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.config.YamlConfig;
import org.hearthgate.relay.access.Caller;
import org.hearthgate.relay.api.Answers;
import org.hearthgate.relay.audit.AuditTrail;
import org.hearthgate.relay.console.Users;

/**
 * The directory's admin REST API under {@value #PREFIX}, always within the caller's own tenant
 * ({@code ctx.get(Caller.KEY)}, set by authentication before these routes). Only an ADMIN of the tenant changes
 * anything (403 otherwise); reads follow need to know: a resident's record for those who may see the resident
 * ({@link Caller#maySee}), in full for staff and as name only for family and neighbours; contacts, hubs and the
 * circle's phone numbers for staff; accounts for admins. Every change and every read of personal data goes to the
 * audit trail. Bodies take the shapes of directory.yaml as JSON; a bad value is 400 naming the field.
 * Everything runs on worker threads (the store blocks).
 */
public final class DirectoryRoutes {
    public static final String PREFIX = "/api/directory";
    /** Residents or hubs on a page unless the caller asks for another number. */
    public static final int DEFAULT_PAGE = 50;
    /** The header with how many residents or hubs match in all. */
    static final String TOTAL = "X-Total-Count";

    private final SqlCareDirectory directory;
    private final AuditTrail audit;

    public DirectoryRoutes(SqlCareDirectory directory, AuditTrail audit) {
        this.directory = directory;
        this.audit = audit;
    }

    public void mount(Router router) {
        router.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(64 * 1024));
        get(router, "/residents", this::listResidents);
        post(router, "/residents", ctx -> putResident(ctx, null));
        get(router, "/residents/:id", this::getResident);
        put(router, "/residents/:id", ctx -> putResident(ctx, ctx.pathParam("id")));
        get(router, "/residents/:id/circle", this::getCircle);
        put(router, "/residents/:id/circle", this::putCircle);
        get(router, "/contacts", this::listContacts);
        post(router, "/contacts", ctx -> putContact(ctx, null));
        get(router, "/contacts/:id", this::getContact);
        put(router, "/contacts/:id", ctx -> putContact(ctx, ctx.pathParam("id")));
        get(router, "/hubs", this::listHubs);
        get(router, "/hubs/:id", this::getHub);
        put(router, "/hubs/:id", this::putHub);
        put(router, "/hubs/:id/resident", this::assignHub);
        get(router, "/hubs/:id/devices", this::listDevices);
        put(router, "/hubs/:id/devices/:device", this::putDevice);
        get(router, "/accounts", this::listAccounts);
        post(router, "/accounts", ctx -> putAccount(ctx, null));
        get(router, "/accounts/:login", this::getAccount);
        put(router, "/accounts/:login", ctx -> putAccount(ctx, ctx.pathParam("login")));
    }

    // ---- residents

    /**
     * A page of the residents the caller may see ({@code q} searches names, ids, towns in SQL; {@code limit} default
     * {@value #DEFAULT_PAGE}, at most {@link SqlCareDirectory#MAX_PAGE}; {@code offset}); X-Total-Count says how many
     * match in all. The answer stays the array it always was.
     */
    private void listResidents(RoutingContext ctx, Caller caller) {
        int limit = intParam(ctx, "limit", DEFAULT_PAGE);
        int offset = intParam(ctx, "offset", 0);
        String q = ctx.request().getParam("q");
        Page<Resident> page = directory.residents(caller.tenant(), q,
                caller.role().seesWholeTenant() ? null : caller.residents(), limit, offset);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Resident r : page.items()) {
            if (caller.maySee(caller.tenant(), r.id())) {
                Map<String, Object> m = residentName(r);
                if (staff(caller)) {
                    m.put("town", r.address().town());
                }
                out.add(m);
            }
        }
        // Not the search words: they may be a name.
        audit.record(caller, "resident.list", null, out.size() + " of " + page.total() + " residents"
                + (q == null || q.isBlank() ? "" : ", searched"));
        ctx.response().putHeader(TOTAL, String.valueOf(page.total()));
        ok(ctx, 200, out);
    }

    private void getResident(RoutingContext ctx, Caller caller) {
        ResidentId id = residentId(ctx);
        mayRead(caller, id);
        Resident r = directory.resident(caller.tenant(), id).orElseThrow(() -> new NotFound("resident " + id));
        audit.record(caller, "resident.read", id, staff(caller) ? "record" : "name");
        if (!staff(caller)) {
            ok(ctx, 200, residentName(r));
            return;
        }
        Map<String, Object> m = residentName(r);
        m.put("birthDate", r.birthDate() == null ? null : r.birthDate().toString());
        m.put("address", r.address());
        m.put("phone", r.phone());
        m.put("nhsNumber", r.nhsNumber());
        m.put("nhsVerification", r.nhsVerification());
        m.put("safety", r.safety());
        m.put("gp", r.gp());
        m.put("hubs", directory.hubsOf(caller.tenant(), id).stream().map(HubId::value).toList());
        ok(ctx, 200, m);
    }

    private void putResident(RoutingContext ctx, String pathId) {
        Caller caller = admin(ctx);
        DirectoryFile.ResidentEntry e = body(ctx, DirectoryFile.ResidentEntry.class);
        String id = sameId(pathId, e.id(), "id");
        Resident r = new DirectoryFile.ResidentEntry(id, e.givenName(), e.familyName(), e.preferredName(),
                e.birthDate(), e.address(), e.phone(), e.nhsNumber(), e.nhsVerification(), e.safety(), e.gp(), null)
                .toResident(caller.tenant(), directory.clock());
        if (pathId == null && directory.resident(caller.tenant(), r.id()).isPresent()) {
            throw new Conflict("resident " + r.id() + " exists: PUT " + PREFIX + "/residents/" + r.id());
        }
        if (!e.circle().isEmpty()) {
            throw new BadRequest("circle: PUT it to " + PREFIX + "/residents/" + r.id() + "/circle");
        }
        Change change = directory.putResident(r);
        changed(caller, change, "resident", r.id(), r.id().value());
        ok(ctx, change == Change.CREATED ? 201 : 200, Map.of("id", r.id().value(), "change", change));
    }

    private void getCircle(RoutingContext ctx, Caller caller) {
        ResidentId id = residentId(ctx);
        mayRead(caller, id);
        if (!staff(caller)) {
            // Family and neighbours are told about an alarm; they are not handed everyone else's numbers.
            throw new Forbidden("the care circle is for staff");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (CircleMember m : directory.circle(caller.tenant(), id)) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("contact", m.contactId());
            v.put("name", m.name());
            v.put("role", m.role());
            v.put("order", m.order());
            v.put("sees", m.sees());
            v.put("calls", m.residentCalled());
            v.put("channels", m.channels());
            v.put("quietHours", quiet(m.quiet()));
            v.put("login", m.login());
            out.add(v);
        }
        audit.record(caller, "circle.read", id, out.size() + " members");
        ok(ctx, 200, out);
    }

    private void putCircle(RoutingContext ctx) {
        Caller caller = admin(ctx);
        ResidentId id = residentId(ctx);
        DirectoryFile.CircleLine[] lines = body(ctx, DirectoryFile.CircleLine[].class);
        List<CircleEntry> circle = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            try {
                circle.add(lines[i].toEntry());
            } catch (IllegalArgumentException e) {
                throw new BadRequest("[" + i + "]." + e.getMessage());
            }
        }
        Change change = directory.putCircle(caller.tenant(), id, circle);
        changed(caller, change, "circle", id, circle.size() + " members");
        ok(ctx, 200, Map.of("id", id.value(), "change", change));
    }

    // ---- contacts

    /** A page of the tenant's contacts by name ({@code q} searches ids and names; paging as residents). */
    private void listContacts(RoutingContext ctx, Caller caller) {
        wholeTenant(caller);
        Page<Contact> page = directory.contacts(caller.tenant(), ctx.request().getParam("q"),
                intParam(ctx, "limit", DEFAULT_PAGE), intParam(ctx, "offset", 0));
        audit.record(caller, "contact.list", null, page.items().size() + " of " + page.total() + " contacts");
        ctx.response().putHeader(TOTAL, String.valueOf(page.total()));
        ok(ctx, 200, page.items().stream().map(DirectoryRoutes::contactView).toList());
    }

    private void getContact(RoutingContext ctx, Caller caller) {
        wholeTenant(caller);
        String id = ctx.pathParam("id");
        Contact c = directory.contact(caller.tenant(), id).orElseThrow(() -> new NotFound("contact " + id));
        audit.record(caller, "contact.read", null, id);
        ok(ctx, 200, contactView(c));
    }

    private void putContact(RoutingContext ctx, String pathId) {
        Caller caller = admin(ctx);
        DirectoryFile.ContactEntry e = body(ctx, DirectoryFile.ContactEntry.class);
        Contact c = new DirectoryFile.ContactEntry(sameId(pathId, e.id(), "id"), e.name(), e.channels(),
                e.quietHours()).toContact();
        if (pathId == null && directory.contact(caller.tenant(), c.id()).isPresent()) {
            throw new Conflict("contact " + c.id() + " exists: PUT " + PREFIX + "/contacts/" + c.id());
        }
        Change change = directory.putContact(caller.tenant(), c);
        changed(caller, change, "contact", null, c.id());
        ok(ctx, change == Change.CREATED ? 201 : 200, Map.of("id", c.id(), "change", change));
    }

    // ---- hubs and devices

    /** A page of the tenant's hubs by id, each with its resident's name and town; {@code q}, paging as residents. */
    private void listHubs(RoutingContext ctx, Caller caller) {
        wholeTenant(caller);
        Page<HubListing> page = directory.hubs(caller.tenant(), ctx.request().getParam("q"),
                intParam(ctx, "limit", DEFAULT_PAGE), intParam(ctx, "offset", 0));
        ctx.response().putHeader(TOTAL, String.valueOf(page.total()));
        ok(ctx, 200, page.items().stream().map(h -> {
            Map<String, Object> v = hubView(h.hub());
            v.put("residentName", h.residentName());
            v.put("town", h.town());
            return v;
        }).toList());
    }

    private void getHub(RoutingContext ctx, Caller caller) {
        wholeTenant(caller);
        HubId id = hubId(ctx);
        RegisteredHub h = directory.hub(caller.tenant(), id).orElseThrow(() -> new NotFound("hub " + id));
        Map<String, Object> v = hubView(h);
        v.put("history", directory.hubHistory(caller.tenant(), id).stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("resident", a.resident().value());
            m.put("from", a.from().toEpochMilli());
            m.put("to", a.to() == null ? null : a.to().toEpochMilli());
            return m;
        }).toList());
        v.put("devices", directory.devices(caller.tenant(), id));
        ok(ctx, 200, v);
    }

    /** Registers or updates a hub; credentials left out keep the ones it has. */
    private void putHub(RoutingContext ctx) {
        Caller caller = admin(ctx);
        HubId id = hubId(ctx);
        DirectoryFile.HubEntry e = body(ctx, DirectoryFile.HubEntry.class);
        sameId(id.value(), e.id(), "id");
        Optional<RegisteredHub> old = directory.hub(caller.tenant(), id);
        boolean keep = e.passwordHash() == null && e.certificateFingerprint() == null && old.isPresent();
        RegisteredHub h = new DirectoryFile.HubEntry(id.value(), e.resident(),
                keep ? old.get().passwordHash() : e.passwordHash(),
                keep ? old.get().certificateFingerprint() : e.certificateFingerprint(), null).toHub(caller.tenant());
        Change change = directory.putHub(h);
        changed(caller, change, "hub", h.resident(), id.value());
        for (DirectoryFile.DeviceEntry d : e.devices()) {
            Device device = d.toDevice(id);
            changed(caller, directory.putDevice(caller.tenant(), device), "device", null, id + "/" + device.id());
        }
        ok(ctx, change == Change.CREATED ? 201 : 200, Map.of("id", id.value(), "change", change));
    }

    /** Moves a hub to a resident (or to nobody: {@code {"resident": null}}); the history keeps the move. */
    private void assignHub(RoutingContext ctx) {
        Caller caller = admin(ctx);
        HubId id = hubId(ctx);
        record Assignment(String resident) {
        }
        Assignment a = body(ctx, Assignment.class);
        RegisteredHub old = directory.hub(caller.tenant(), id).orElseThrow(() -> new NotFound("hub " + id));
        ResidentId resident = a.resident() == null ? null : DirectoryFile.checkedId("resident",
                () -> ResidentId.of(a.resident()));
        Change change = directory.putHub(new RegisteredHub(old.tenant(), id, old.passwordHash(),
                old.certificateFingerprint(), resident));
        changed(caller, change, "hub.assign", resident == null ? old.resident() : resident,
                id + " to " + (resident == null ? "nobody" : resident.value()));
        ok(ctx, 200, Map.of("id", id.value(), "change", change));
    }

    private void listDevices(RoutingContext ctx, Caller caller) {
        wholeTenant(caller);
        ok(ctx, 200, directory.devices(caller.tenant(), hubId(ctx)));
    }

    private void putDevice(RoutingContext ctx) {
        Caller caller = admin(ctx);
        HubId hub = hubId(ctx);
        DirectoryFile.DeviceEntry e = body(ctx, DirectoryFile.DeviceEntry.class);
        Device d = new DirectoryFile.DeviceEntry(sameId(ctx.pathParam("device"), e.id(), "id"), e.kind(), e.model())
                .toDevice(hub);
        Change change = directory.putDevice(caller.tenant(), d);
        changed(caller, change, "device", null, hub + "/" + d.id());
        ok(ctx, change == Change.CREATED ? 201 : 200, Map.of("id", d.id().value(), "change", change));
    }

    // ---- accounts

    /**
     * An account as the API takes it: {@code password} (hashed here) or a ready {@code passwordHash}; on an update,
     * leaving both out (and {@code totpSecret}) keeps what the account has.
     */
    record AccountBody(String login, Role role, String password, String passwordHash, String totpSecret,
            String contact, Boolean disabled) {
    }

    private void listAccounts(RoutingContext ctx, Caller caller) {
        requireAdmin(caller);
        ok(ctx, 200, directory.accounts(caller.tenant()).stream().map(DirectoryRoutes::accountView).toList());
    }

    private void getAccount(RoutingContext ctx, Caller caller) {
        requireAdmin(caller);
        String login = ctx.pathParam("login");
        Account a = directory.account(login).filter(x -> x.tenant().equals(caller.tenant()))
                .orElseThrow(() -> new NotFound("account " + login));
        ok(ctx, 200, accountView(a));
    }

    private void putAccount(RoutingContext ctx, String pathLogin) {
        Caller caller = admin(ctx);
        AccountBody b = body(ctx, AccountBody.class);
        String login = sameId(pathLogin, b.login(), "login");
        Optional<Account> old = login == null ? Optional.empty() : directory.account(login);
        if (old.isPresent() && (pathLogin == null || !old.get().tenant().equals(caller.tenant()))) {
            throw new Conflict("login " + login + " is taken");
        }
        String hash = b.passwordHash();
        if (b.password() != null) {
            if (b.password().length() < 12) {
                throw new BadRequest("password: at least 12 characters");
            }
            hash = Users.hash(b.password().toCharArray());
        } else if (hash == null && old.isPresent()) {
            hash = old.get().passwordHash();
        }
        // GET never returns the secrets, so a PUT without them keeps them ("totpSecret": "" removes the factor).
        String totp = b.totpSecret() == null ? old.map(Account::totpSecret).orElse(null) : b.totpSecret();
        Account a = new DirectoryFile.AccountEntry(login, b.role(), hash, totp, b.contact(), b.disabled())
                .toAccount(caller.tenant());
        Change change = directory.putAccount(a);
        changed(caller, change, "account", null, a.login() + " " + a.role() + (a.disabled() ? " disabled" : ""));
        ok(ctx, change == Change.CREATED ? 201 : 200, Map.of("login", a.login(), "change", change));
    }

    // ---- views: what leaves the server (never a password hash or a TOTP secret)

    private static Map<String, Object> residentName(Resident r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id().value());
        m.put("givenName", r.givenName());
        m.put("familyName", r.familyName());
        m.put("preferredName", r.preferredName());
        m.put("calledName", r.calledName());
        return m;
    }

    private static Map<String, Object> contactView(Contact c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("channels", c.channels());
        m.put("quietHours", quiet(c.quiet()));
        return m;
    }

    private static Map<String, String> quiet(QuietHours q) {
        return q == null ? null : Map.of("from", q.from().toString(), "to", q.to().toString());
    }

    private static Map<String, Object> hubView(RegisteredHub h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.id().value());
        m.put("resident", h.resident() == null ? null : h.resident().value());
        m.put("password", h.passwordHash() != null);
        m.put("certificateFingerprint", h.certificateFingerprint());
        return m;
    }

    private static Map<String, Object> accountView(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("login", a.login());
        m.put("role", a.role());
        m.put("contact", a.contactId());
        m.put("secondFactor", a.totpSecret() != null);
        m.put("disabled", a.disabled());
        return m;
    }

    // ---- access

    private static boolean staff(Caller caller) {
        return caller.role().seesWholeTenant() || caller.role() == Role.CLINICIAN;
    }

    private static void mayRead(Caller caller, ResidentId id) {
        if (!caller.maySee(caller.tenant(), id)) {
            throw new Forbidden("not a resident you may see");
        }
    }

    private static void wholeTenant(Caller caller) {
        if (!caller.role().seesWholeTenant()) {
            throw new Forbidden("for the service's staff");
        }
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdminOf(caller.tenant())) {
            throw new Forbidden("only an admin of this service may do this");
        }
    }

    private static Caller admin(RoutingContext ctx) {
        Caller caller = caller(ctx);
        requireAdmin(caller);
        return caller;
    }

    private static Caller caller(RoutingContext ctx) {
        Caller caller = ctx.get(Caller.KEY);
        if (caller == null) {
            throw new Unauthorised();
        }
        return caller;
    }

    private void changed(Caller caller, Change change, String what, ResidentId resident, String detail) {
        if (change != Change.UNCHANGED) {
            audit.record(caller, what + "." + change.name().toLowerCase(java.util.Locale.ROOT), resident, detail);
        }
    }

    // ---- plumbing

    private interface Read {
        void handle(RoutingContext ctx, Caller caller);
    }

    private void get(Router router, String path, Read read) {
        router.get(PREFIX + path).blockingHandler(guarded(ctx -> read.handle(ctx, caller(ctx))), false);
    }

    private void post(Router router, String path, Handler<RoutingContext> h) {
        router.post(PREFIX + path).blockingHandler(guarded(h), false);
    }

    private void put(Router router, String path, Handler<RoutingContext> h) {
        router.put(PREFIX + path).blockingHandler(guarded(h), false);
    }

    private static final class BadRequest extends Answers.Refusal {
        BadRequest(String message) {
            super(400, message);
        }
    }

    private static final class Unauthorised extends Answers.Refusal {
        Unauthorised() {
            super(401, "log in first");
        }
    }

    private static final class Forbidden extends Answers.Refusal {
        Forbidden(String message) {
            super(403, message);
        }
    }

    private static final class NotFound extends Answers.Refusal {
        NotFound(String what) {
            super(404, "no " + what);
        }
    }

    private static final class Conflict extends Answers.Refusal {
        Conflict(String message) {
            super(409, message);
        }
    }

    private static Handler<RoutingContext> guarded(Handler<RoutingContext> h) {
        return Answers.guarded("directory", h);
    }

    /** A JSON body in one of directory.yaml's shapes (JSON is YAML, so the file's reader and its errors serve). */
    private static <T> T body(RoutingContext ctx, Class<T> type) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw new BadRequest("body: a JSON object is required");
        }
        return YamlConfig.parse(text, type);
    }

    private static String sameId(String pathId, String bodyId, String field) {
        if (pathId != null && bodyId != null && !pathId.equals(bodyId)) {
            throw new BadRequest(field + ": '" + bodyId + "' is not the " + field + " in the path");
        }
        if (pathId == null && bodyId == null) {
            throw new BadRequest(field + ": is required");
        }
        return pathId != null ? pathId : bodyId;
    }

    private static int intParam(RoutingContext ctx, String name, int otherwise) {
        String text = ctx.request().getParam(name);
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + ": '" + text + "' is not a whole number");
        }
    }

    private static ResidentId residentId(RoutingContext ctx) {
        return DirectoryFile.checkedId("id", () -> ResidentId.of(ctx.pathParam("id")));
    }

    private static HubId hubId(RoutingContext ctx) {
        return DirectoryFile.checkedId("id", () -> HubId.of(ctx.pathParam("id")));
    }

    private static void ok(RoutingContext ctx, int status, Object value) {
        Answers.ok(ctx, status, value);
    }
}
