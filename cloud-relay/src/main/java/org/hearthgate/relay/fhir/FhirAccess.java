package org.hearthgate.relay.fhir;

import io.vertx.ext.web.RoutingContext;

/**
 * Decides whether the caller of a FHIR request may read one resident's data (the roles and need-to-know rules live
 * with the lead's access layer; the FHIR face only asks). Called on a worker thread, before any data is read; false
 * answers 403.
 */
@FunctionalInterface
public interface FhirAccess {
    boolean mayRead(RoutingContext request, String residentId);
}
