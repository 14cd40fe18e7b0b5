package io.warden.adapter.onvif.soap;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import org.onvif.ver10.schema.Profile;
import org.w3c.dom.Element;

/**
 * Unmarshals ONVIF schema types (ONVIF-java's generated classes) from DOM elements. The context is
 * created once, lazily; creating it and unmarshalling are blocking CPU work: call from a worker
 * ({@code vertx.executeBlocking}), never from an event loop. Thread-safe.
 */
public final class OnvifJaxb {
    private static volatile JAXBContext context;

    private OnvifJaxb() {}

    private static JAXBContext context() throws JAXBException {
        JAXBContext c = context;
        if (c == null) {
            synchronized (OnvifJaxb.class) {
                c = context;
                if (c == null) context = c = JAXBContext.newInstance(Profile.class);
            }
        }
        return c;
    }

    /**
     * Builds the context now. It takes seconds on a cold JVM (ONVIF-java's schema is large): done
     * lazily inside the first GetProfiles it would eat that call's deadline. Blocking: call from a
     * worker. Failures are left for the first real use to report.
     */
    public static void warmUp() {
        try {
            context();
        } catch (JAXBException | RuntimeException e) {
            // reported by profile() when it is needed
        }
    }

    /** True once the context exists. */
    public static boolean ready() {
        return context != null;
    }

    /** A {@code tt:Profile}-typed element (e.g. {@code trt:Profiles}) as ONVIF-java's Profile. */
    public static Profile profile(Element e) {
        try {
            Unmarshaller u = context().createUnmarshaller();
            return u.unmarshal(e, Profile.class).getValue();
        } catch (JAXBException | RuntimeException ex) {
            throw new WardenException(ErrorCode.PROTOCOL_ERROR, "GetProfiles: unreadable profile: " + ex.getClass().getSimpleName());
        }
    }
}
