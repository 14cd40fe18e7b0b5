package io.warden.sim.onvif;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;

/** What every simulated ONVIF device holds alike: its Vert.x and context, address, credentials and configured clock. */
public abstract class OnvifSimDeviceBase implements OnvifSimDevice {
    protected final Vertx vertx;
    /** Every request, timer and event of the device runs on it; set by the subclass (at creation or start). */
    protected Context context;
    private final String host;
    private final String username;
    private final String password;
    private final Clock hostClock;

    protected OnvifSimDeviceBase(Vertx vertx, String host, String username, String password, Clock hostClock) {
        this.vertx = vertx;
        this.host = host;
        this.username = username;
        this.password = password;
        this.hostClock = hostClock;
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public Clock hostClock() {
        return hostClock;
    }
}
