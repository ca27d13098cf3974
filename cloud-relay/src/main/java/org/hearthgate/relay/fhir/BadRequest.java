package org.hearthgate.relay.fhir;

/** A search parameter the FHIR face cannot honour: answered 400 with the message, which names the parameter. */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message, null, false, false);
    }
}
