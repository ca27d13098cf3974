package org.hearthgate.drivers.coap;

import java.net.URI;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/**
 * One observable resource on a CoAP sensor.
 *
 * @param device   the device id its observations carry
 * @param kind     what it reports
 * @param uri      {@code coap://host:port/path}, or {@code coaps://…} for DTLS with a pre-shared key
 * @param location the room or place, or null; carried into the observation
 * @param psk      the DTLS pre-shared key for a {@code coaps} sensor; null for {@code coap}
 */
public record CoapSensor(DeviceId device, SensorKind kind, URI uri, String location, PskCredentials psk) {
    public CoapSensor {
        Require.present(device, "device");
        Require.present(kind, "kind");
        Require.present(uri, "uri");
        String scheme = uri.getScheme();
        if (!"coap".equals(scheme) && !"coaps".equals(scheme)) {
            throw new IllegalArgumentException("uri: scheme must be coap or coaps, was " + scheme);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("uri: has no host");
        }
        if ("coaps".equals(scheme) && psk == null) {
            throw new IllegalArgumentException("psk: a coaps sensor needs a pre-shared key");
        }
        if ("coap".equals(scheme) && psk != null) {
            throw new IllegalArgumentException("psk: given for a plain coap sensor; use coaps or drop the key");
        }
        Require.optionalText(location, 48, "location");
    }

    public static CoapSensor plain(DeviceId device, SensorKind kind, URI uri, String location) {
        return new CoapSensor(device, kind, uri, location, null);
    }

    public static CoapSensor secure(DeviceId device, SensorKind kind, URI uri, String location, PskCredentials psk) {
        return new CoapSensor(device, kind, uri, location, psk);
    }

    boolean secure() {
        return psk != null;
    }
}
