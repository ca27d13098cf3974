package org.hearthgate.drivers.coap;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * Californium configuration built in code. {@code Configuration.getStandard()} and {@code createWithFile} write a
 * Californium3.properties into the working directory, which a hub must never do (reference/tech.md §5, §6).
 */
final class CaliforniumSetup {
    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    /**
     * The PSK suites of RFC 7925 (AES-128-CCM-8, mandatory for constrained devices) and AES-128-GCM; no suite without
     * authenticated encryption.
     */
    static final List<CipherSuite> PSK_SUITES = List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);

    private CaliforniumSetup() {
    }

    /**
     * Californium's own re-registration (same token, Max-Age + this backoff) is pushed out of reach: the driver
     * re-registers itself, so that every new relation is known to it. Otherwise a sensor that restarted could be
     * re-registered silently, its restarted {@code seq} would look stale and its readings would be dropped, and no
     * OFFLINE would be reported.
     */
    static final Duration NO_LIBRARY_REREGISTRATION = Duration.ofDays(1);

    /** The hub's configuration: a DTLS client only, PSK suites only, re-registration left to the driver. */
    static Configuration clientConfiguration() {
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CIPHER_SUITES, PSK_SUITES);
        config.set(CoapConfig.NOTIFICATION_REREGISTRATION_BACKOFF, NO_LIBRARY_REREGISTRATION.toMillis(),
                TimeUnit.MILLISECONDS);
        return config;
    }

    /** A configuration for a sensor side (a simulator or a test server). */
    static Configuration serverConfiguration() {
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        config.set(DtlsConfig.DTLS_CIPHER_SUITES, PSK_SUITES);
        return config;
    }
}
