package org.hearthgate.relay.directory;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;

/**
 * The shape of {@code directory.yaml}, one telecare service (see docs/examples/directory.yaml); the admin API takes
 * the same shapes as JSON. Reading checks only the structure; {@code to…} methods check the values with the
 * store's own rules, each error saying "field: reason" for the caller to prefix with the row.
 */
record DirectoryFile(TenantEntry tenant, List<ResidentEntry> residents, List<ContactEntry> contacts,
        List<HubEntry> hubs, List<AccountEntry> accounts) {

    DirectoryFile {
        residents = residents == null ? List.of() : residents;
        contacts = contacts == null ? List.of() : contacts;
        hubs = hubs == null ? List.of() : hubs;
        accounts = accounts == null ? List.of() : accounts;
    }

    record TenantEntry(String id, String name) {
        Tenant toTenant() {
            return new Tenant(checkedId("id", () -> TenantId.of(id)), name);
        }
    }

    /** {@code birthDate} is YYYY-MM-DD; {@code circle} is the resident's whole care circle. */
    record ResidentEntry(String id, String givenName, String familyName, String preferredName, String birthDate,
            Resident.Address address, String phone, String nhsNumber, String nhsVerification,
            Resident.SafetyInfo safety, String gp, List<CircleLine> circle) {
        ResidentEntry {
            circle = circle == null ? List.of() : circle;
        }

        Resident toResident(TenantId tenant, java.time.Clock clock) {
            return DirectoryRules.resident(new Resident(tenant, checkedId("id", () -> ResidentId.of(id)), givenName,
                    familyName, preferredName, date(birthDate), address, phone, nhsNumber, nhsVerification, safety,
                    gp), clock);
        }
    }

    /** {@code calls}: what this contact calls the resident ("Mum"). */
    record CircleLine(String contact, CircleRole role, Integer order, Sees sees, String calls) {
        CircleEntry toEntry() {
            return new CircleEntry(contact, role, order == null ? 1 : order, sees, calls);
        }
    }

    /** {@code quietHours}: {@code {from: "22:00", to: "07:00"}}. */
    record ContactEntry(String id, String name, List<ContactPoint> channels, QuietEntry quietHours) {
        Contact toContact() {
            return DirectoryRules.contact(new Contact(id, name, channels, quiet(quietHours)));
        }
    }

    record QuietEntry(String from, String to) {
    }

    record HubEntry(String id, String resident, String passwordHash, String certificateFingerprint,
            List<DeviceEntry> devices) {
        HubEntry {
            devices = devices == null ? List.of() : devices;
        }

        RegisteredHub toHub(TenantId tenant) {
            return new RegisteredHub(tenant, checkedId("id", () -> HubId.of(id)), passwordHash, certificateFingerprint,
                    resident == null ? null : checkedId("resident", () -> ResidentId.of(resident)));
        }
    }

    record DeviceEntry(String id, String kind, String model) {
        Device toDevice(HubId hub) {
            return new Device(hub, checkedId("id", () -> DeviceId.of(id)), kind, model);
        }
    }

    record AccountEntry(String login, Role role, String passwordHash, String totpSecret, String contact,
            Boolean disabled) {
        Account toAccount(TenantId tenant) {
            return DirectoryRules.account(new Account(login, tenant, role, passwordHash, totpSecret, contact,
                    Boolean.TRUE.equals(disabled)));
        }
    }

    /** An id of the contract, its error naming this file's field ("id", not the contract's "resident"). */
    static <T> T checkedId(String field, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(field + m.substring(m.indexOf(':')));
        }
    }

    static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("birthDate: '" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    static QuietHours quiet(QuietEntry q) {
        if (q == null) {
            return null;
        }
        try {
            return new QuietHours(q.from() == null ? null : LocalTime.parse(q.from()),
                    q.to() == null ? null : LocalTime.parse(q.to()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("quietHours: '" + q.from() + "'-'" + q.to()
                    + "' are not times of day (HH:MM)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("quietHours." + e.getMessage());
        }
    }
}
