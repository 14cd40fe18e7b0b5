package io.warden.gateway.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small certificate authority for tests, made with the JDK's {@code keytool} (no extra dependency): a CA, and node
 * certificates it signs (EC P-256, valid two days, usable as TLS server and client), written as PEM files.
 */
public final class TestPki {
    private static final String PASS = "test-only";
    private final Path dir;
    private final String name;
    private final Path store;

    private TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.store = dir.resolve(name + "-ca.p12");
    }

    /** A new CA named {@code name}, its files in {@code dir}. */
    public static TestPki create(Path dir, String name) throws Exception {
        TestPki pki = new TestPki(dir, name);
        keytool("-genkeypair", "-keystore", pki.store.toString(), "-alias", "ca", "-dname", "CN=" + name + " test CA",
                "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign");
        return pki;
    }

    /** The CA's certificate, PEM. */
    public Path caPem() throws Exception {
        Path pem = dir.resolve(name + "-ca.pem");
        if (!Files.exists(pem)) Files.writeString(pem, pem("CERTIFICATE", load(store).getCertificate("ca").getEncoded()));
        return pem;
    }

    /** A node certificate signed by this CA: {@code [cert.pem, key.pem]}. */
    public Path[] node(String node) throws Exception {
        Path keys = dir.resolve(name + "-" + node + ".p12");
        Path csr = dir.resolve(name + "-" + node + ".csr");
        Path crt = dir.resolve(name + "-" + node + ".crt");
        keytool("-genkeypair", "-keystore", keys.toString(), "-alias", "node", "-dname", "CN=" + node);
        keytool("-certreq", "-keystore", keys.toString(), "-alias", "node", "-file", csr.toString());
        keytool("-gencert", "-keystore", store.toString(), "-alias", "ca", "-infile", csr.toString(), "-outfile", crt.toString(), "-rfc",
                "-ext", "ku:c=digitalSignature,keyAgreement", "-ext", "eku=serverAuth,clientAuth", "-ext", "san=ip:127.0.0.1");
        PrivateKey key = (PrivateKey) load(keys).getKey("node", PASS.toCharArray());
        Path certPem = dir.resolve(name + "-" + node + "-cert.pem");
        Path keyPem = dir.resolve(name + "-" + node + "-key.pem");
        Files.writeString(certPem, Files.readString(crt) + "\n" + Files.readString(caPem())); // chain: node, then CA
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
        return new Path[] {certPem, keyPem};
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASS.toCharArray());
        }
        return ks;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.add("-J-XX:TieredStopAtLevel=1"); // starts faster; it runs for a second at most
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASS, "-noprompt"));
        if ("-genkeypair".equals(args[0])) cmd.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2"));
        if ("-gencert".equals(args[0])) cmd.addAll(List.of("-validity", "2"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool " + args[0] + " failed: " + out);
    }
}
