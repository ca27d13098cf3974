package org.hearthgate.drivers.ble;

/** A Bluetooth operation failed: no adapter, device out of range, pairing refused, a GATT error. Retryable. */
public final class GattException extends Exception {
    private static final long serialVersionUID = 1L;

    public GattException(String message) {
        super(message);
    }

    public GattException(String message, Throwable cause) {
        super(message, cause);
    }
}
