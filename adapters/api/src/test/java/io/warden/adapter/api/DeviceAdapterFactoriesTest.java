package io.warden.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceAdapterFactoriesTest {

    record Named(String type) implements DeviceAdapterFactory {
        public DeviceAdapter create(AdapterSpec spec, AdapterContext context) {
            throw new WardenException(ErrorCode.UNSUPPORTED, "test factory");
        }
    }

    @Test
    void indexesByType() {
        var byType = DeviceAdapterFactories.index(List.of(new Named("osdp"), new Named("onvif")));
        assertThat(byType).containsOnlyKeys("osdp", "onvif");
    }

    @Test
    void twoFactoriesForOneTypeFailStartUp() {
        assertThatThrownBy(() -> DeviceAdapterFactories.index(List.of(new Named("osdp"), new Named("osdp"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two adapter factories for type 'osdp'");
    }

    @Test
    void readsA26BitWiegandCard() {
        Credential c = Credential.card(new byte[] {0x0A, 0x1B, 0x2C, 0x40}, 26);
        assertThat(c.value()).isEqualTo("0A1B2C40");
        // 26 bits 0000 1010 0001 1011 0010 1100 01: parity 0, facility 0001 0100 = 20, number 13912, parity 1
        assertThat(c.wiegand26()).isEqualTo("20:13912");
    }
}
