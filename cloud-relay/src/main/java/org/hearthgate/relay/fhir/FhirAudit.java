package org.hearthgate.relay.fhir;

import io.vertx.ext.web.RoutingContext;

/**
 * Records a FHIR read of a resident's personal data: who (from the request's signed-in user), which resident, and
 * what was read (the request's path and query, e.g. {@code /fhir/Observation?patient=res-1&code=8867-4}). Called on
 * a worker thread after the data was read and before it is sent; if it throws, nothing is sent (a 500), so no read
 * goes unaudited.
 */
@FunctionalInterface
public interface FhirAudit {
    void read(RoutingContext request, String residentId, String what);
}
