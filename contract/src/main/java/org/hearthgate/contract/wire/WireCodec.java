package org.hearthgate.contract.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.hearthgate.contract.obs.Observation;

/**
 * The JSON wire codec: compact JSON, one object per message, unknown fields ignored, every rejection a
 * {@link WireFormatException} that names the field. Thread-safe; build one and share it.
 */
public final class WireCodec {
    /** Largest payload accepted, in bytes. A hub's biggest message (a care plan) is far below it. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private final ObjectMapper mapper;

    public WireCodec() {
        JsonMapper.Builder builder = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_EXTERNAL_TYPE_ID_PROPERTY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
        ObjectMapper m = builder.build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(MAX_PAYLOAD_BYTES).build());
        m.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("epoch-millis")
                .addDeserializer(java.time.Instant.class, new EpochMillis()));
        WireTypes.OBSERVATIONS.forEach((type, name) -> m.registerSubtypes(new NamedType(type, name)));
        WireTypes.PAYLOADS.forEach((type, name) -> m.registerSubtypes(new NamedType(type, name)));
        this.mapper = m;
    }

    public byte[] encode(Message message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + message.body().getClass().getSimpleName(), e);
        }
    }

    public String encodeToString(Message message) {
        return new String(encode(message), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Encodes a bare observation, as one line of a replay file. */
    public String encodeObservation(Observation observation) {
        try {
            return mapper.writerFor(Observation.class).writeValueAsString(observation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + observation.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a bare observation (the {@code observation} object of a reading). */
    public Observation decodeObservation(String json) {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Observation.class);
    }

    /**
     * Decodes one message and checks it against the topic it arrived on: the hub in the payload must be the hub of
     * the topic (a hub may speak only for itself) and the body must belong on that channel.
     */
    public Message decode(Topic topic, byte[] payload) {
        Message message = decode(payload);
        if (!message.hub().equals(topic.hub())) {
            throw new WireFormatException("hub", "payload is for hub '" + message.hub() + "' but arrived on "
                    + topic.hub() + "'s topic");
        }
        if (message.channel() != topic.channel()) {
            throw new WireFormatException("body.type", "a " + WireTypes.PAYLOADS.get(message.body().getClass())
                    + " does not belong on " + topic.channel().direction().level() + "/" + topic.channel().level());
        }
        return message;
    }

    public Message decode(byte[] payload) {
        return read(payload, Message.class);
    }

    private <T> T read(byte[] payload, Class<T> type) {
        if (payload == null || payload.length == 0) {
            throw new WireFormatException("$", "empty payload");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new WireFormatException("$", "payload of " + payload.length + " bytes exceeds the limit of "
                    + MAX_PAYLOAD_BYTES);
        }
        try {
            T value = mapper.readValue(payload, type);
            if (value == null) {
                throw new WireFormatException("$", "payload is JSON null");
            }
            return value;
        } catch (WireFormatException e) {
            throw e;
        } catch (JsonMappingException e) {
            throw translate(e);
        } catch (JsonProcessingException e) {
            // Jackson's own text may quote the offending token: say where, never what.
            var at = e.getLocation();
            throw new WireFormatException("$", "not valid JSON" + (at == null ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            // e.g. a byte sequence Jackson takes for UTF-32 and cannot read: still only a bad payload
            throw new WireFormatException("$", "not readable as UTF-8 JSON");
        } catch (RuntimeException e) {
            // Whatever else a hostile payload provokes in the parser is a rejection too, never a crash.
            throw new WireFormatException("$", "malformed payload (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Times on the wire are integers of epoch milliseconds, nothing else. Jackson's default would read {@code 1.7e12}
     * as seconds and overflow on {@code 1.0e16}; a float, a string or an out-of-range number is refused here.
     */
    private static final class EpochMillis extends com.fasterxml.jackson.databind.JsonDeserializer<java.time.Instant> {
        @Override
        public java.time.Instant deserialize(JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctx)
                throws IOException {
            if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
                    || p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                throw MismatchedInputException.from(p, java.time.Instant.class,
                        "expected a UTC time in epoch milliseconds (an integer)");
            }
            long ms = p.getLongValue();
            if (ms < MIN_EPOCH_MS || ms > MAX_EPOCH_MS) {
                throw MismatchedInputException.from(p, java.time.Instant.class,
                        "expected a UTC time in epoch milliseconds (an integer)");
            }
            return java.time.Instant.ofEpochMilli(ms);
        }
    }

    /** The widest times the codec reads (years 0000 to 9999); the cloud narrows this to a sane window itself. */
    static final long MIN_EPOCH_MS = -62_167_219_200_000L;
    static final long MAX_EPOCH_MS = 253_402_300_799_999L;

    /** Turns Jackson's exception into one line naming the JSON path, without echoing payload content. */
    private static WireFormatException translate(JsonMappingException e) {
        String path = path(e);
        Throwable cause = e.getCause();
        if (e instanceof ValueInstantiationException && cause instanceof IllegalArgumentException iae) {
            // Our records say "field: reason"; prefix the path of the object that failed.
            String msg = iae.getMessage() == null ? "invalid value" : iae.getMessage();
            int colon = msg.indexOf(": ");
            boolean identifier = ((ValueInstantiationException) e).getType() != null
                    && ((ValueInstantiationException) e).getType().getRawClass().getSimpleName().endsWith("Id");
            if (identifier && colon > 0) {
                // an id is a single JSON value: the path already names its field
                return new WireFormatException(path, msg.substring(colon + 2));
            }
            if (colon > 0 && !msg.substring(0, colon).contains(" ")) {
                return new WireFormatException(join(path, msg.substring(0, colon)), msg.substring(colon + 2));
            }
            return new WireFormatException(path, msg);
        }
        if (e instanceof InvalidTypeIdException t) {
            String id = t.getTypeId();
            return new WireFormatException(join(path, discriminator(t)),
                    id == null ? "is required" : "unknown type '" + abbreviate(id) + "'");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new WireFormatException(path, "expected " + describe(m.getTargetType()));
        }
        var at = e.getLocation();
        return new WireFormatException(path, "malformed value" + (at == null ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
    }

    private static String discriminator(InvalidTypeIdException t) {
        return t.getBaseType() != null && t.getBaseType().getRawClass() == Observation.class ? "kind" : "type";
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == double.class || type == Double.class || type == int.class || type == Integer.class
                || type == long.class || type == Long.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == java.time.Instant.class) {
            return "a UTC time in epoch milliseconds";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "$" : sb.toString();
    }

    private static String join(String path, String field) {
        return "$".equals(path) ? field : path + "." + field;
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "…";
    }
}
