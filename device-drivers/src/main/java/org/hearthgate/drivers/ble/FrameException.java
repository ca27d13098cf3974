package org.hearthgate.drivers.ble;

/**
 * A characteristic value that cannot be turned into observations: truncated, longer than its flags allow, a reserved
 * or special value where a number is required, or a value outside what the contract accepts. The message names the
 * characteristic, the field, the byte offset and what was expected, and never echoes a measured value (logs must not
 * carry health data). Parsers throw this and nothing else.
 */
public final class FrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }
}
