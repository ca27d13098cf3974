package org.hearthgate.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    @Test
    void realHardwareWinsOverTheMock() {
        assertThat(Providers.choose(List.of("mock-digital-input", "gpiod-digital-input")))
                .hasValue("gpiod-digital-input");
        assertThat(Providers.choose(List.of("mock-digital-input", "linuxfs-digital-input", "gpiod-digital-input")))
                .hasValue("gpiod-digital-input");
        assertThat(Providers.choose(List.of("mock-digital-input", "vendor-digital-input")))
                .hasValue("vendor-digital-input");
    }

    @Test
    void theMockIsUsedOnlyWhenItIsAllThereIs() {
        assertThat(Providers.choose(List.of("mock-digital-input"))).hasValue("mock-digital-input");
        assertThat(Providers.choose(List.of())).isEmpty();
    }
}
