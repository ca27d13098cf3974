package org.hearthgate.relay.directory;

import java.util.List;

/**
 * The shape of {@code directory.yaml}, one telecare service (see docs/examples/directory.yaml). Only the structure
 * is checked while reading; {@link DirectoryImport} checks the values with the store's own rules and names the row.
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
    }

    /** {@code birthDate} is YYYY-MM-DD; {@code circle} is the resident's whole care circle. */
    record ResidentEntry(String id, String givenName, String familyName, String preferredName, String birthDate,
            Resident.Address address, String phone, String nhsNumber, String nhsVerification,
            Resident.SafetyInfo safety, String gp, List<CircleLine> circle) {
        ResidentEntry {
            circle = circle == null ? List.of() : circle;
        }
    }

    /** {@code calls}: what this contact calls the resident ("Mum"). */
    record CircleLine(String contact, CircleRole role, Integer order, Sees sees, String calls) {
    }

    /** {@code quietHours}: {@code {from: "22:00", to: "07:00"}}. */
    record ContactEntry(String id, String name, List<ContactPoint> channels, QuietEntry quietHours) {
    }

    record QuietEntry(String from, String to) {
    }

    record HubEntry(String id, String resident, String passwordHash, String certificateFingerprint,
            List<DeviceEntry> devices) {
        HubEntry {
            devices = devices == null ? List.of() : devices;
        }
    }

    record DeviceEntry(String id, String kind, String model) {
    }

    record AccountEntry(String login, Role role, String passwordHash, String totpSecret, String contact,
            Boolean disabled) {
    }
}
