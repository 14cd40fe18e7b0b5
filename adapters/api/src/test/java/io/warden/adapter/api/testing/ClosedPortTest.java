package io.warden.adapter.api.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class ClosedPortTest {
    @Test
    void refusesConnectionsWhileHeld() {
        try (ClosedPort closed = new ClosedPort()) {
            assertTrue(closed.port() > 0);
            for (int i = 0; i < 3; i++) {
                assertThrows(ConnectException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), closed.port()), 2_000);
                    }
                });
            }
        }
    }
}
