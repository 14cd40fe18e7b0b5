package io.warden.adapter.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback TCP port that refuses connections for as long as this is open. The port is bound by a
 * socket that never listens, so no other test or process can take it meanwhile (a port that was
 * merely bound and released can be handed out again at once). Use in try-with-resources or close
 * in {@code @AfterEach}.
 */
public final class ClosedPort implements AutoCloseable {
    private final Socket holder = new Socket();

    public ClosedPort() {
        try {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reserve a loopback port", e);
        }
    }

    public int port() {
        return holder.getLocalPort();
    }

    @Override
    public void close() {
        try {
            holder.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
