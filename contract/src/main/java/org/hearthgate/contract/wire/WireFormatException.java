package org.hearthgate.contract.wire;

/**
 * A payload or topic that breaks the wire contract. The message names the field (as a JSON path) and the reason, and
 * never echoes the payload itself, so it is safe to log: payloads may carry personal health data.
 */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final String reason;

    public WireFormatException(String field, String reason) {
        super(field + ": " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
