package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.config.ClusterConfig;
import io.warden.gateway.config.Secrets;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClusterDatabaseTest {
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static ClusterConfig.Database db(String name, String secret) {
        return new ClusterConfig.Database(PgTestDatabase.HOST, PgTestDatabase.PORT, name, PgTestDatabase.USER, secret, false);
    }

    private static final Secrets SECRETS = Secrets.of(Map.of("WARDEN_DB_PASSWORD", "not-used"));

    @Test
    void thePoolTimesOutConnectsAndWaitsAndKeepsConnectionsAlive() {
        assertThat(ClusterDatabase.netOptions().getConnectTimeout()).isEqualTo(5_000);
        assertThat(ClusterDatabase.netOptions().isTcpKeepAlive()).isTrue();
        var pool = ClusterDatabase.poolOptions(ClusterDatabase.POOL_SIZE);
        assertThat(pool.getConnectionTimeoutUnit().toMillis(pool.getConnectionTimeout())).isEqualTo(5_000);
        assertThat(pool.getMaxSize()).isEqualTo(ClusterDatabase.POOL_SIZE);
    }

    @Test
    void sslVerifiesTheServerFullyAgainstTheCaFileOrTheJvmStoreNeverTrustingAll() {
        var withCa = ClusterDatabase.connectOptions(new ClusterConfig.Database("db.example", 5432, "warden", "warden", "P", true,
                "/etc/warden/db-ca.pem"), "pw");
        assertThat(withCa.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(withCa.getSslOptions().isTrustAll()).isFalse();
        assertThat(withCa.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(((PemTrustOptions) withCa.getSslOptions().getTrustOptions()).getCertPaths()).containsExactly("/etc/warden/db-ca.pem");

        var jvmStore = ClusterDatabase.connectOptions(new ClusterConfig.Database("db.example", 5432, "warden", "warden", "P", true), "pw");
        assertThat(jvmStore.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(jvmStore.getSslOptions().isTrustAll()).isFalse();
        assertThat(jvmStore.getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(jvmStore.getSslOptions().getTrustOptions()).isNotNull().isNotInstanceOf(PemTrustOptions.class);

        assertThat(ClusterDatabase.connectOptions(db("warden", "P"), "pw").getSslMode()).isEqualTo(SslMode.DISABLE);
    }

    @Test
    void aDatabaseThatAcceptsAndNeverAnswersFailsAQueryWithinTheTimeout() throws Exception {
        NetServer blackHole = vertx.createNetServer().connectHandler(socket -> socket.handler(bytes -> {})); // swallows everything
        int port = blackHole.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
        Pool pool = ClusterDatabase.pool(vertx, new ClusterConfig.Database("127.0.0.1", port, "warden", "warden", "WARDEN_DB_PASSWORD", false),
                SECRETS);
        long start = System.nanoTime();
        assertThatThrownBy(() -> pool.query("SELECT 1").execute().await(30, TimeUnit.SECONDS)).isNotInstanceOf(TimeoutException.class);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(millis).isBetween(ClusterDatabase.ACQUIRE_TIMEOUT_MS - 500L, ClusterDatabase.ACQUIRE_TIMEOUT_MS + 3_000L);
        pool.close().await(10, TimeUnit.SECONDS);
    }

    /**
     * A server that answers PostgreSQL's SSLRequest with 'S' and then does a TLS handshake with {@code cert} (issued to
     * localhost, no IP address); completes with whether the handshake succeeded. Plain JDK sockets on a thread of its own.
     */
    private static CompletableFuture<Boolean> tlsServer(SelfSignedCertificate cert, int[] port) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        String keyPem = Files.readString(Path.of(cert.privateKeyPath())).replaceAll("-----[A-Z ]+-----|\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keyPem)));
        Certificate certificate;
        try (InputStream in = Files.newInputStream(Path.of(cert.certificatePath()))) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        keys.setKeyEntry("server", key, new char[0], new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        port[0] = server.getLocalPort();
        CompletableFuture<Boolean> handshake = new CompletableFuture<>();
        Thread serve = new Thread(() -> {
            try (server; Socket plain = server.accept()) {
                plain.setSoTimeout(10_000);
                plain.getInputStream().readNBytes(8); // SSLRequest
                plain.getOutputStream().write('S');
                plain.getOutputStream().flush();
                try (SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, false)) {
                    secured.startHandshake();
                    handshake.complete(true);
                }
            } catch (Exception e) {
                handshake.complete(false);
            }
        }, "fake-pg-tls");
        serve.setDaemon(true);
        serve.start();
        return handshake;
    }

    private boolean handshakeWith(String host, SelfSignedCertificate serverCert, String caFile) throws Exception {
        int[] port = new int[1];
        CompletableFuture<Boolean> handshake = tlsServer(serverCert, port);
        Pool pool = ClusterDatabase.pool(vertx, new ClusterConfig.Database(host, port[0], "warden", "warden", "WARDEN_DB_PASSWORD", true, caFile),
                SECRETS);
        assertThatThrownBy(() -> pool.query("SELECT 1").execute().await(30, TimeUnit.SECONDS)).isNotInstanceOf(TimeoutException.class);
        pool.close().await(10, TimeUnit.SECONDS);
        return handshake.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sslTrustsTheCaFileOnlyAndChecksTheHostName() throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.create("localhost");
        SelfSignedCertificate another = SelfSignedCertificate.create("localhost");
        assertThat(handshakeWith("localhost", server, server.certificatePath())).as("the CA file's certificate, its host name").isTrue();
        assertThat(handshakeWith("localhost", server, another.certificatePath())).as("a certificate the CA file did not sign").isFalse();
        assertThat(handshakeWith("127.0.0.1", server, server.certificatePath())).as("a certificate for another host").isFalse();
        assertThat(handshakeWith("localhost", server, null)).as("a self-signed certificate, not in the JVM's store").isFalse();
    }

    @Test
    void aMissingPasswordSecretIsABadConfigNamingItsPath() {
        assertThatThrownBy(() -> ClusterDatabase.pool(vertx, db("warden", "WARDEN_DB_PASSWORD"), Secrets.of(Map.of())))
                .isInstanceOf(WardenException.class).hasMessageContaining("cluster.database.passwordSecret")
                .hasMessageContaining("WARDEN_DB_PASSWORD")
                .satisfies(e -> assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.BAD_CONFIG));
        assertThatThrownBy(() -> ClusterDatabase.pool(vertx, db("warden", null), Secrets.of(Map.of())))
                .isInstanceOf(WardenException.class).hasMessageContaining("cluster.database.passwordSecret");
    }

    @Test
    void thePoolConnectsWithThePasswordOfTheSecret() throws Exception {
        try (PgTestDatabase test = PgTestDatabase.create(vertx)) {
            Pool pool = ClusterDatabase.pool(vertx, db(test.name(), "WARDEN_DB_PASSWORD"),
                    Secrets.of(Map.of("WARDEN_DB_PASSWORD", PgTestDatabase.PASSWORD.isEmpty() ? "unused-with-trust" : PgTestDatabase.PASSWORD)));
            assertThat(await(pool.query("SELECT current_database()").execute()).iterator().next().getString(0)).isEqualTo(test.name());
            await(pool.close());
        }
    }
}
