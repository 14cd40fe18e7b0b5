package io.warden.adapter.api.contract;

import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DoorController;
import java.util.List;

/**
 * A started adapter with one door wired to a simulated device, as {@link DoorControllerContract}
 * needs it. The device starts online with the door closed and locked.
 */
public interface DoorControllerFixture extends AutoCloseable {

    /** The door under test; its device is online and its state known when the fixture is returned. */
    DoorController door();

    /** Every event the adapter emitted so far, in order (a thread-safe snapshot). */
    List<DeviceEvent> events();

    /** The simulated device's own view: is the strike released (door unlockable) right now? */
    boolean strikeReleased();

    /** Physically open or close the door at the simulated device (its contact input). */
    void setContact(boolean open);

    /** Press the request-to-exit button at the simulated device. */
    void pressRequestToExit();

    /**
     * The event the adapter reports for a request to exit. A controller that decides itself reports
     * free egress as an anonymous grant (ONVIF Profile C has no request-to-exit topic).
     */
    default Class<? extends DeviceEvent> requestToExitEvent() {
        return DeviceEvent.RequestToExit.class;
    }

    /** Make the simulated device stop answering (false) or answer again (true). */
    void setDeviceAnswering(boolean answering);

    /** How long the adapter takes at most to declare a silent device offline, in milliseconds. */
    long offlineDetectionMillis();

    @Override
    void close() throws Exception;
}
