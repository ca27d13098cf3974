package org.hearthgate.relay.directory;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.notify.Channel;

/** Small directory values for tests. */
final class Sample {
    static final TenantId TENANT = TenantId.of("acme");
    /** A $7$ hash as mosquitto_passwd writes it (of "secret"). */
    static final String HUB_HASH = "$7$101$kU20uUI2GH0wyb9u$HD191XNpcTYR9ouEgrIZ461pKCJD05r0K/B+wZ6Q4QwF0qj91dIfD+pPOgL"
            + "WnW9MyxKNM0wr+tYX5N3H38Otpw==";
    /** Users.hash of "family-password" (any well-formed pbkdf2 hash does for the store). */
    static final String PBKDF2 = "pbkdf2$310000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";

    private Sample() {
    }

    static Resident resident(String id, String given, String nhs) {
        return new Resident(TENANT, ResidentId.of(id), given, "Hughes", null, LocalDate.of(1938, 4, 12),
                new Resident.Address(List.of("12 Mill Lane"), "Brookside", "BR1 2AB"), "01632 960123", nhs, null,
                new Resident.SafetyInfo("Key safe left of the door", "4721", true, "Wishes to stay at home",
                        List.of("penicillin"), List.of("COPD"), List.of("en", "cy")), "Brookside Surgery");
    }

    static Contact contact(String id, String name) {
        return new Contact(id, name, List.of(new ContactPoint(Channel.SMS, "+447700900123"),
                new ContactPoint(Channel.EMAIL, id + "@example.org")),
                new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)));
    }

    static RegisteredHub hub(String id, String resident) {
        return new RegisteredHub(TENANT, HubId.of(id), HUB_HASH, null,
                resident == null ? null : ResidentId.of(resident));
    }

    static SqlCareDirectory withTenant(SqlCareDirectory d) {
        d.putTenant(new Tenant(TENANT, "Acme Telecare"));
        return d;
    }
}
