package org.hearthgate.drivers.ble;

/**
 * Record Access Control Point (0x2A52; GLS 1.0.1, 3.109): how a collector asks a glucose meter for its stored
 * records. Many meters send nothing until asked, so the driver asks on every connect, for the records after the
 * last one it forwarded (or all of them the first time); replays are then de-duplicated by sequence number.
 * <pre>
 * request:  u8 op code (1 report stored records), u8 operator (1 all, 3 greater than or equal to),
 *           [u8 filter type (1 sequence number), u16 sequence number]
 * response: u8 op code 6, u8 operator 0, u8 request op code, u8 response code (1 success, 6 no records found, ...)
 * </pre>
 */
public final class RecordAccessControlPoint {
    static final int REPORT_STORED_RECORDS = 0x01;
    static final int RESPONSE_CODE = 0x06;
    static final int OPERATOR_ALL = 0x01;
    static final int OPERATOR_AT_LEAST = 0x03;
    static final int FILTER_SEQUENCE_NUMBER = 0x01;

    private static final String[] CODES = {"reserved", "success", "op code not supported", "invalid operator",
        "operator not supported", "invalid operand", "no records found", "abort unsuccessful",
        "procedure not completed", "operand not supported"};

    private RecordAccessControlPoint() {
    }

    public static byte[] reportAllRecords() {
        return new byte[] {REPORT_STORED_RECORDS, OPERATOR_ALL};
    }

    /** Records with a sequence number of at least {@code sequence} (0..65535). */
    public static byte[] reportRecordsFrom(int sequence) {
        if (sequence < 0 || sequence > 0xFFFF) {
            throw new IllegalArgumentException("sequence " + sequence + " is outside 0..65535");
        }
        return new byte[] {REPORT_STORED_RECORDS, OPERATOR_AT_LEAST, FILTER_SEQUENCE_NUMBER, (byte) sequence,
            (byte) (sequence >> 8)};
    }

    /** The meter's answer to a request. */
    public record Response(int requestOpCode, int code) {
        public boolean success() {
            return code == 1;
        }

        /** "no records found" is a normal answer from a meter whose memory we have already read. */
        public boolean nothingNew() {
            return code == 6;
        }

        public String describe() {
            return code < CODES.length ? CODES[code] : "reserved response code " + code;
        }
    }

    /**
     * Decodes a response-code indication.
     *
     * @throws FrameException if the value is not a 4-byte response code
     */
    public static Response parseResponse(byte[] value) throws FrameException {
        FrameReader in = new FrameReader(GattUuids.name(GattUuids.RECORD_ACCESS_CONTROL_POINT), value);
        int opCode = in.u8("op code");
        if (opCode != RESPONSE_CODE) {
            throw in.error("op code", 0, "expected 0x06 (response code), got a different op code");
        }
        in.u8("operator");
        int request = in.u8("request op code");
        int code = in.u8("response code");
        in.end();
        return new Response(request, code);
    }
}
