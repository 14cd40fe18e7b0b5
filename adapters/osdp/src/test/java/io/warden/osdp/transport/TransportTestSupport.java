package io.warden.osdp.transport;

import static io.warden.adapter.api.testing.Waits.until;

import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/** What transport tests share: a sink that collects what a transport received. */
final class TransportTestSupport {
    private TransportTestSupport() {}

    /** Collects received chunks; thread-safe. */
    static final class Sink implements Consumer<byte[]> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void accept(byte[] chunk) {
            bytes.write(chunk, 0, chunk.length);
        }

        synchronized int size() {
            return bytes.size();
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        /** Waits until at least {@code n} bytes arrived and returns everything so far. */
        byte[] awaitBytes(int n) throws InterruptedException {
            until(() -> size() >= n, n + " bytes (have " + size() + ")");
            return bytes();
        }
    }
}
