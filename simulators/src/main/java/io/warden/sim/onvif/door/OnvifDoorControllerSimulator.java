package io.warden.sim.onvif.door;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A simulated ONVIF Profile C door controller (onvif.md §6): device, door control, access control and
 * event services over SOAP 1.2 on one HTTP port, WS-Security checked as the camera simulator checks it,
 * the spec's door-mode state machine (LockedDown refuses everything but its release, LockedOpen
 * likewise, Blocked refuses AccessDoor), paging with a small page size, and pull-point events for
 * door state and access decisions. Scriptable: card reads the controller grants or denies, the door
 * contact, the request-to-exit button; restart on demand (its subscriptions vanish); silence.
 *
 * <p>Like common hardware it never volunteers more than the spec promises: after a restart nobody is
 * told, a subscription simply stops existing (ResourceUnknown), and doors come back Locked.
 */
public final class OnvifDoorControllerSimulator {

    /**
     * One door.
     *
     * @param token       its DoorToken
     * @param name        its name
     * @param releaseTime how long AccessDoor unlocks without an AccessTime override
     */
    public record Door(String token, String name, Duration releaseTime) {
        public Door {
            Objects.requireNonNull(token, "token");
            name = name == null ? token : name;
            releaseTime = releaseTime == null ? Duration.ofSeconds(5) : releaseTime;
        }
    }

    /**
     * @param host     address to bind and to advertise
     * @param httpPort 0 for any free one
     * @param doors    each door gets two access points, {@code <token>-in} and {@code <token>-out}
     * @param pageSize the most items one GetDoorInfoList / GetAccessPointInfoList page returns
     * @param clock    the device's clock (skew it to simulate a drifting device)
     */
    public record Config(String host, int httpPort, String username, String password, List<Door> doors, int pageSize, Clock clock) {
        public Config {
            Objects.requireNonNull(host, "host");
            doors = List.copyOf(doors);
            clock = clock == null ? Clock.systemUTC() : clock;
            if (pageSize < 1) throw new IllegalArgumentException("pageSize: at least 1");
        }

        /** {@code n} doors {@code Door_1..n}, page size 2, on any free port. */
        public static Config of(String host, String username, String password, int n) {
            throw new UnsupportedOperationException("TODO h/sim-door");
        }

        public Config withPort(int port) {
            return new Config(host, port, username, password, doors, pageSize, clock);
        }

        public Config withClock(Clock c) {
            return new Config(host, httpPort, username, password, doors, pageSize, c);
        }
    }

    public OnvifDoorControllerSimulator(Vertx vertx, Config config) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    public Future<Void> start() {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    public Future<Void> stop() {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    public int httpPort() {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    /** {@code http://host:port/onvif/device_service}. */
    public String deviceServiceUri() {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    // ---- the device's own view, for tests ----

    /** The door's mode as the controller holds it now. */
    public DoorState.Mode mode(String door) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    /** Whether the door's lock is released now (Unlocked, Accessed, LockedOpen). */
    public boolean strikeReleased(String door) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    /** How many times the controller received {@code operation} (e.g. "UnlockDoor") for any door since start. */
    public int received(String operation) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    // ---- things that happen at the door ----

    /** Open or close the door (DoorPhysicalState; a locked door opened is DoorForcedOpen). */
    public void setContact(String door, boolean open) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    /** The request-to-exit button: the controller grants anonymous egress at the door's exit point (AccessGranted/Anonymous) and accesses the door. */
    public void pressRequestToExit(String door) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    /**
     * A card at the door's entry point. The controller decides: granted (AccessGranted/Credential, then it
     * accesses the door unless its mode refuses) or denied (Denied/Credential with {@code reason}, one of
     * ONVIF's reasons such as {@code CredentialExpired}).
     */
    public void presentCard(String door, String credentialToken, String holderName, boolean granted, String reason) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    // ---- habits ----

    /** Reboot: every subscription vanishes, doors come back Locked (LockedDown stays: it is latched), the clock keeps running. */
    public void restart() {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    /** Stop answering (requests hang until the client gives up) or answer again. */
    public void setAnswering(boolean answering) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }

    /** Make the device's clock run {@code offset} ahead (negative: behind) of the one it was configured with. */
    public void setClockOffset(Duration offset) {
        throw new UnsupportedOperationException("TODO h/sim-door");
    }
}
