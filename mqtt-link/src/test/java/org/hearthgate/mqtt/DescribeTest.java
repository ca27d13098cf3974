package org.hearthgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/**
 * TLS failures in words, from exception chains shaped as Paho and the JDK build them (TlsBrokerIT produces the
 * untrusted, wrong-host and refused-client ones for real; an expired certificate needs a clock this test can fake).
 */
class DescribeTest {

    @Test
    void anExpiredOrNotYetValidBrokerCertificateAsksAboutTheClock() {
        // a Pi has no real-time clock: until NTP runs, every certificate looks like this
        CertPathValidatorException validity = new CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: Tue Dec 01 00:00:00 UTC 2026"));
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path validation failed: " + validity);
        handshake.initCause(new CertificateException(validity));

        assertThat(MqttLink.describe(new MqttException(0, handshake)))
                .startsWith("server certificate not trusted: outside its validity")
                .endsWith("is this machine's clock right?");
    }

    @Test
    void aTlsFailureWithoutACertificateProblemIsAHandshakeFailure() {
        assertThat(MqttLink.describe(new MqttException(0, new SSLHandshakeException("no cipher suites in common"))))
                .isEqualTo("TLS handshake failed: no cipher suites in common");
    }
}
