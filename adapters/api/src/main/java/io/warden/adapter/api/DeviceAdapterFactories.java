package io.warden.adapter.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the adapter factories on the classpath, keyed by type. */
public final class DeviceAdapterFactories {
    private DeviceAdapterFactories() {}

    /**
     * Every {@link DeviceAdapterFactory} the class loader can see.
     *
     * @throws IllegalStateException when two factories claim the same type: start-up must fail
     *                               rather than pick one at random
     */
    public static Map<String, DeviceAdapterFactory> discover(ClassLoader loader) {
        return index(ServiceLoader.load(DeviceAdapterFactory.class, loader));
    }

    /** Indexes {@code factories} by type; fails on a duplicate type. */
    public static Map<String, DeviceAdapterFactory> index(Iterable<DeviceAdapterFactory> factories) {
        Map<String, DeviceAdapterFactory> byType = new LinkedHashMap<>();
        for (DeviceAdapterFactory f : factories) {
            DeviceAdapterFactory previous = byType.putIfAbsent(f.type(), f);
            if (previous != null) {
                throw new IllegalStateException("two adapter factories for type '" + f.type() + "': "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(byType);
    }
}
