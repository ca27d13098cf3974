package org.hearthgate.relay.escalation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.CircleMember;
import org.hearthgate.relay.directory.Resident;

/** A care directory built from records, for tests (the real one is SqlCareDirectory). */
final class RecordDirectory implements CareDirectory {
    private final Map<String, Resident> residents = new ConcurrentHashMap<>();
    private final Map<String, List<CircleMember>> circles = new ConcurrentHashMap<>();
    private final Set<ResidentId> broken = ConcurrentHashMap.newKeySet();

    /** From now on, asking about this resident fails as a database outage would. */
    void breakFor(ResidentId resident) {
        broken.add(resident);
    }

    private void check(ResidentId resident) {
        if (broken.contains(resident)) {
            throw new IllegalStateException("directory unavailable");
        }
    }

    RecordDirectory add(Resident resident, List<CircleMember> circle) {
        residents.put(key(resident.tenant(), resident.id()), resident);
        circles.put(key(resident.tenant(), resident.id()), List.copyOf(circle));
        return this;
    }

    private static String key(TenantId tenant, ResidentId resident) {
        return tenant.value() + "/" + resident.value();
    }

    @Override
    public Optional<Resident> resident(TenantId tenant, ResidentId resident) {
        check(resident);
        return Optional.ofNullable(residents.get(key(tenant, resident)));
    }

    @Override
    public List<CircleMember> circle(TenantId tenant, ResidentId resident) {
        check(resident);
        return circles.getOrDefault(key(tenant, resident), List.of());
    }

    @Override
    public Set<ResidentId> residentsNaming(TenantId tenant, String login) {
        return Set.of();
    }

    @Override
    public Optional<Account> account(String login) {
        return Optional.empty();
    }

    @Override
    public Optional<ResidentId> residentOfHub(TenantId tenant, HubId hub) {
        return Optional.empty();
    }
}
