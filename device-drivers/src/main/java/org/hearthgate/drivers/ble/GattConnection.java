package org.hearthgate.drivers.ble;

import java.util.Set;

/** One live link to one device. Blocking calls; each fails with a {@link GattException} saying why. */
public interface GattConnection extends AutoCloseable {

    /** Pairs and bonds (stores keys) if not bonded yet; health devices need it for indications and CTS writes. */
    void bond() throws GattException;

    /** Discovers services and returns the 16-bit UUIDs of every characteristic found. */
    Set<Integer> discover() throws GattException;

    byte[] read(int characteristic) throws GattException;

    /** Writes with response, so that a refused write (an unbonded CTS write, say) is reported. */
    void write(int characteristic, byte[] value) throws GattException;

    /** Enables notifications or indications, whichever the characteristic supports. */
    void subscribe(int characteristic) throws GattException;

    /** Disconnects; never throws, and does not call {@link Listener#disconnected}. */
    @Override
    void close();

    /** Events from the device; must return quickly (the driver hops to its own thread). */
    interface Listener {
        void value(int characteristic, byte[] value);

        void disconnected(String reason);
    }
}
