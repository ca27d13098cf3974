package org.hearthgate.hub.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;

/**
 * The hub's configuration file (YAML), read once at start into validated records. A bad value fails start-up with
 * the key and the reason; an unknown key is an error too, because a misspelt key silently ignored on a safety device
 * is a setting that does not apply.
 */
public record HubConfig(String tenant, String hub, String resident, Broker broker, Outbox outbox,
        Integer heartbeatSeconds, List<GpioInputConfig> gpio, String carePlan) {

    public record Broker(String url, String username, String password) {
        public Broker {
            Require.present(url, "url");
            if (!url.matches("(tcp|ssl|ws|wss)://.+")) {
                throw new IllegalArgumentException("url: '" + url + "' must start with tcp://, ssl://, ws:// or wss://");
            }
        }
    }

    public record Outbox(String path, Integer capacity) {
        public Outbox {
            Require.present(path, "path");
            capacity = capacity == null ? 200_000 : capacity;
            Require.between(capacity, 100, 10_000_000, "capacity");
        }
    }

    /** One GPIO input: BCM pin, active level HIGH/LOW, pull UP/DOWN/OFF, debounce in ms. */
    public record GpioInputConfig(String device, String kind, int pin, String activeLevel, String pull,
            Integer debounceMs, String location) {
        public GpioInputConfig {
            Require.present(device, "device");
            Require.present(kind, "kind");
            Require.between(pin, 0, 53, "pin");
            activeLevel = activeLevel == null ? "HIGH" : activeLevel;
            pull = pull == null ? "OFF" : pull;
            debounceMs = debounceMs == null ? 50 : debounceMs;
            Require.between(debounceMs, 0, 10_000, "debounceMs");
        }
    }

    public HubConfig {
        TenantId.of(Require.present(tenant, "tenant"));
        HubId.of(Require.present(hub, "hub"));
        ResidentId.of(Require.present(resident, "resident"));
        Require.present(broker, "broker");
        Require.present(outbox, "outbox");
        heartbeatSeconds = heartbeatSeconds == null ? 60 : heartbeatSeconds;
        Require.between(heartbeatSeconds, 10, 3600, "heartbeatSeconds");
        gpio = gpio == null ? List.of() : List.copyOf(gpio);
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static HubConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
        }
    }

    public static HubConfig parse(String yaml) {
        try {
            HubConfig c = YAML.readValue(yaml, HubConfig.class);
            if (c == null) {
                throw new ConfigException("$", "the file is empty");
            }
            return c;
        } catch (ValueInstantiationException e) {
            String path = ConfigException.path(e);
            String msg = e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage();
            int colon = msg.indexOf(": ");
            String key = colon > 0 ? msg.substring(0, colon) : "";
            throw new ConfigException(path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key,
                    colon > 0 ? msg.substring(colon + 2) : msg);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(ConfigException.path(e), "unknown key (known: " + e.getKnownPropertyIds() + ")");
        } catch (JsonMappingException e) {
            throw new ConfigException(ConfigException.path(e), e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("$", "not valid YAML: " + e.getMessage());
        }
    }
}
