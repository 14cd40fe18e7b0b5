package io.warden.gateway.integrations.siem;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TCP transport against a collector that accepts and never reads: the stall watchdog gives up on it. */
@Timeout(90)
class SiemStreamStallTest {
    private static final Duration STALL_LIMIT = Duration.ofSeconds(1);
    private static final int RECORDS = 400;
    /** 400 × 16 KiB is more than the largest send buffer Linux grants on its own (tcp_wmem max 4 MiB) plus the receiver's. */
    private static final String DETAIL = "x".repeat(16 * 1024);

    private Vertx vertx;
    private SiemSinkDriver driver;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
        driver = new SiemSinkDriver(vertx, new InMemoryAuditStore());
    }

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void aCollectorThatStopsReadingIsDroppedAndWhatWasNotWrittenGoesToTheNextInOrder() throws Exception {
        NonReadingCollector stalled = new NonReadingCollector();
        int port = stalled.port();
        SiemSink sink;
        try {
            sink = start(new IntegrationsConfig.Siem("soc", "127.0.0.1", port, "tcp", "kv", null, List.of(), RECORDS));
            for (long s = 1; s <= RECORDS; s++) offer(sink, SiemSinkTest.record(s, "door.opened", DETAIL));
            until(() -> !status(sink).connected() && String.valueOf(status(sink).lastError()).contains("collector stopped reading"),
                    "the sink to give up on the collector that stopped reading");
            assertThat(status(sink).delivered()).as("the socket buffers filled before every record was written").isLessThan(RECORDS);
            assertThat(status(sink).queued() + status(sink).delivered()).isEqualTo(RECORDS);
        } finally {
            stalled.close();
        }

        try (SyslogTestCollector collector = SyslogTestCollector.tcpOn(vertx, port)) {
            until(() -> status(sink).queued() == 0 && status(sink).delivered() == RECORDS, "every record delivered once");
            until(() -> collector.seqs().contains((long) RECORDS), "the last record at the collector");
            // Records handed to the stalled collector's socket buffers count as delivered and are lost with it (syslog over
            // TCP has no acknowledgement); every later one reaches the new collector, in order, exactly once.
            List<Long> seqs = collector.seqs();
            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(seqs.get(0), RECORDS).boxed().toList());
            assertThat(collector.problems()).isEmpty();
            assertThat(status(sink).dropped()).isZero();
        } finally {
            onContext(sink::stop);
        }
    }

    /**
     * Accepts on loopback and never reads, with a small receive buffer, like a hung collector. Closing it resets
     * every connection it accepted (unread data), as a collector killed at last would.
     */
    private static final class NonReadingCollector implements AutoCloseable {
        private final ServerSocket server = new ServerSocket();
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor;

        NonReadingCollector() throws IOException {
            server.setReceiveBufferSize(4096); // inherited by accepted sockets
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    }
                } catch (IOException closed) {
                    // the server socket was closed: done
                }
            }, "non-reading-collector");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5_000);
            synchronized (accepted) {
                for (Socket s : accepted) s.close();
            }
        }
    }

    private SiemSink start(IntegrationsConfig.Siem config) {
        return driver.start(config, STALL_LIMIT);
    }

    private void offer(SiemSink sink, AuditRecord r) {
        driver.offer(sink, r);
    }

    private IntegrationSink.SinkStatus status(SiemSink sink) {
        return driver.status(sink);
    }

    private <T> T onContext(Supplier<Future<T>> work) {
        return driver.onContext(work);
    }
}
