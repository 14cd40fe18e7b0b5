package io.warden.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceAdapterFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class OsdpAdapterFactoryDiscoveryTest {

    @Test
    void serviceLoaderFindsExactlyOneOsdpFactory() {
        assertThat(ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(f -> f.type().equals("osdp")).singleElement().isInstanceOf(OsdpAdapterFactory.class);
    }
}
