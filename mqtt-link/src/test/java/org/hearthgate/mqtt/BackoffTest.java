package org.hearthgate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofSeconds(2));

    @RepeatedTest(20)
    void waitsGrowFromTheInitialStepAndNeverPassTheCap() {
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        for (int failures = 0; failures < 64; failures++) {
            long ms = backoff.delay(failures, false, random).toMillis();
            long step = Math.min(30_000, 250L << Math.min(failures, 20));
            assertThat(ms).isBetween(step / 2, step);
        }
    }

    @Test
    void anUrgentWaitIsCappedShortWhateverHappenedBefore() {
        SplittableRandom random = new SplittableRandom(7);
        for (int failures = 0; failures < 1_000; failures++) {
            assertThat(backoff.delay(failures, true, random)).isLessThanOrEqualTo(Duration.ofSeconds(2))
                    .isGreaterThan(Duration.ZERO);
        }
    }

    @Test
    void jitterSpreadsAFleetThatLostTheBrokerTogether() {
        SplittableRandom random = new SplittableRandom(42);
        long distinct = java.util.stream.IntStream.range(0, 1_000)
                .mapToLong(i -> backoff.delay(8, false, random).toMillis()).distinct().count();
        assertThat(distinct).isGreaterThan(500);
    }

    @Test
    void describesFailuresInWords() {
        assertThat(MqttLink.describe(new java.net.ConnectException("Connection refused")))
                .contains("connection refused");
        assertThat(MqttLink.describe(new org.eclipse.paho.mqttv5.common.MqttException(0x87))).isEqualTo("not authorised");
        var pkix = new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
        pkix.initCause(new java.security.cert.CertPathValidatorException("self-signed certificate"));
        assertThat(MqttLink.describe(new org.eclipse.paho.mqttv5.common.MqttException(0, pkix)))
                .startsWith("server certificate not trusted: self-signed certificate");
    }
}
