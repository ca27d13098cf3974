package org.hearthgate.drivers.ble;

import org.hearthgate.contract.DeviceId;

/**
 * Decodes the value of one Bluetooth characteristic, as it arrives in a notification or an indication. Parsers are
 * stateless and thread-safe; they take the receive time from the {@code Clock} they were built with.
 */
public interface CharacteristicParser {

    /** The characteristic's 16-bit UUID, such as 0x2A35. */
    int characteristic();

    /**
     * Decodes one frame.
     *
     * @throws FrameException if the frame is malformed, truncated, or holds a special value where a number is
     *                        required; the message says which field, at which offset, and why
     */
    Decoded parse(DeviceId device, byte[] frame) throws FrameException;
}
