package org.hearthgate.contract.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a YAML configuration file into validated records, once, at start-up. A bad value fails with the key (a dotted
 * path) and the reason; an unknown key is an error too, because a misspelt key silently ignored on a safety device is
 * a setting that does not apply. Records validate themselves in their constructors, saying "field: reason".
 */
public final class YamlConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // 30.5 for a whole number is a mistake to report, not to round away
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private YamlConfig() {
    }

    public static <T> T load(Path file, Class<T> type) {
        try {
            return parse(Files.readString(file), type);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    /** "'often' is not a whole number" rather than Jackson's sentence about java.lang.Integer. */
    private static String mismatch(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        String value = e instanceof InvalidFormatException f ? String.valueOf(f.getValue()) : null;
        if (value == null && e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p) {
            try {
                value = p.getText();
            } catch (IOException ignored) {
                value = null;
            }
        }
        if (target != null && value != null) {
            if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
                return "'" + value + "' is not a whole number";
            }
            if (target == Double.class || target == double.class) {
                return "'" + value + "' is not a number";
            }
            if (target == Boolean.class || target == boolean.class) {
                return "'" + value + "' is not true or false";
            }
        }
        return e.getOriginalMessage();
    }

    public static <T> T parse(String yaml, Class<T> type) {
        try {
            T c = YAML.readValue(yaml, type);
            if (c == null) {
                throw new ConfigException("$", "the file is empty");
            }
            return c;
        } catch (ValueInstantiationException e) {
            String path = ConfigException.path(e);
            String msg = e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage();
            int colon = msg.indexOf(": ");
            String key = colon > 0 && !msg.substring(0, colon).contains(" ") ? msg.substring(0, colon) : "";
            String reason = key.isEmpty() ? msg : msg.substring(colon + 2);
            throw new ConfigException(path.isEmpty() ? (key.isEmpty() ? "$" : key)
                    : key.isEmpty() ? path : path + "." + key, reason);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(ConfigException.path(e), "unknown key (known: " + e.getKnownPropertyIds() + ")");
        } catch (MismatchedInputException e) {
            String path = ConfigException.path(e);
            throw new ConfigException(path.isEmpty() ? "$" : path, mismatch(e));
        } catch (JsonMappingException e) {
            String path = ConfigException.path(e);
            throw new ConfigException(path.isEmpty() ? "$" : path, e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("$", "not valid YAML: " + e.getMessage());
        }
    }
}
