package org.hearthgate.drivers;

/**
 * One device, or one group of inputs, at the hub: the openHAB handler model. {@link #start} returns at once (slow
 * work goes to the driver's own thread or the transport's callbacks) and the driver reports everything, including
 * its own health, through the {@link DriverCallback}: status is data, never an exception thrown at the host.
 */
public interface Driver extends AutoCloseable {

    /** A short stable name for logs and configuration, such as {@code gpio} or {@code ble:cuff-1}. */
    String name();

    void start(DriverCallback callback);

    /**
     * The devices this driver expects to hear from regularly, which the hub supervises from start-up (so one that
     * never reports is missed too). Wired inputs that speak only on change (a pendant receiver) return none.
     */
    default java.util.List<org.hearthgate.contract.DeviceId> devices() {
        return java.util.List.of();
    }

    /** The resident pressed "cancel" at the hub: a driver with a pending pre-alarm (a wearable's fall) ends it. */
    default void cancelPressed() {
    }

    /** Stops the driver and releases its hardware; never throws. */
    @Override
    void close();
}
