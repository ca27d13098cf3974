package org.hearthgate.relay.careplans;

import org.hearthgate.alerts.plan.CarePlan;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;

/**
 * The care plan the cloud holds for a resident: what the trend charts draw as limits, what the worklist and the
 * family summary judge readings by. Parsed by the hub's own parser, so the cloud reads a plan exactly as the hub does.
 */
@FunctionalInterface
public interface CarePlans {
    /** The resident's latest stored plan, or the sourced defaults when the cloud holds none. */
    CarePlan planOf(TenantId tenant, ResidentId resident);

    /** Every resident on the hub's sourced defaults (a relay with no care-plan store). */
    static CarePlans defaults() {
        CarePlan plan = CarePlan.defaults();
        return (tenant, resident) -> plan;
    }
}
