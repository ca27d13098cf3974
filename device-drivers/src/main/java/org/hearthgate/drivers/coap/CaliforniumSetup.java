package org.hearthgate.drivers.coap;

import java.util.List;
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

    /** The hub's configuration: a DTLS client only, PSK suites only. */
    static Configuration clientConfiguration() {
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CIPHER_SUITES, PSK_SUITES);
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
