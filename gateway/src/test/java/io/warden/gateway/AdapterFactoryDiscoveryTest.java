package io.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.adapter.onvif.OnvifAdapterFactory;
import io.warden.osdp.OsdpAdapterFactory;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The shipped adapters are found by ServiceLoader exactly once each, on the gateway's own classpath:
 * a second registration (a copied META-INF/services line, a shaded duplicate) would fail start-up.
 */
class AdapterFactoryDiscoveryTest {

    @Test
    void exactlyOneOsdpAndOneOnvifFactory() {
        List<DeviceAdapterFactory> found = ServiceLoader.load(DeviceAdapterFactory.class, Gateway.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();

        assertThat(found).filteredOn(f -> f.type().equals("osdp")).singleElement().isInstanceOf(OsdpAdapterFactory.class);
        assertThat(found).filteredOn(f -> f.type().equals("onvif")).singleElement().isInstanceOf(OnvifAdapterFactory.class);
        assertThat(Gateway.factories()).containsKeys("osdp", "onvif");
    }
}
