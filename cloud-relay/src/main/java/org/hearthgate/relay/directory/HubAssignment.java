package org.hearthgate.relay.directory;

import java.time.Instant;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;

/** A hub served {@code resident} from {@code from} until {@code to} (null: still does). */
public record HubAssignment(HubId hub, ResidentId resident, Instant from, Instant to) {
}
