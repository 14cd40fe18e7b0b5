package io.warden.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The Ed25519 key that signs audit checkpoints. It lives in a file of its own, never in the database:
 * whoever holds it can sign checkpoints, so it belongs where the audit database's copier cannot read
 * it. Files are PEM (PKCS#8 private key, X.509 public key). Blocking file I/O: call off the event loop.
 * Not thread-safe for signing; one instance per checkpointer.
 */
public final class AuditSigningKey {
    private static final String ALGORITHM = "Ed25519";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditSigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Read the key from {@code file}, or generate one and write it there (mode 0600 where the file system
     * has POSIX permissions) when the file does not exist. The file holds the private and the public key.
     */
    public static AuditSigningKey loadOrCreate(Path file) throws IOException, GeneralSecurityException {
        if (Files.exists(file)) return load(file);
        KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (Files.getFileStore(parent).supportsFileAttributeView("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + publicPem(pair.getPublic()));
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(tmp);
            return load(file);
        }
        return new AuditSigningKey(pair.getPrivate(), pair.getPublic());
    }

    private static AuditSigningKey load(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        KeyFactory kf = KeyFactory.getInstance(ALGORITHM);
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(unpem(text, "PRIVATE KEY", file)));
        // The JCA cannot derive an Ed25519 public key from the private one, so the file holds both.
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(unpem(text, "PUBLIC KEY", file)));
        return new AuditSigningKey(priv, pub);
    }

    /** True when group or others may read the key file (it should be 0600). */
    public static boolean readableByOthers(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) return false;
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The checkpoint with its signature. */
    public AuditCheckpoint sign(AuditCheckpoint cp) throws GeneralSecurityException {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(privateKey);
        s.update(cp.signedBytes());
        return cp.withSig(Base64.getEncoder().encodeToString(s.sign()));
    }

    /** True when {@code cp}'s signature is valid under {@code key}; false for a missing or malformed one. */
    public static boolean verifies(PublicKey key, AuditCheckpoint cp) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(cp.signedBytes());
            return cp.sig() != null && s.verify(Base64.getDecoder().decode(cp.sig()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key as PEM text. */
    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** Read a PEM public key written by {@link #publicPem}. */
    public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        byte[] der = unpem(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC KEY", file);
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(String text, String label, Path file) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) throw new IOException(file + ": not a PEM " + label.toLowerCase(java.util.Locale.ROOT) + " file");
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException bad) {
            throw new IOException(file + ": the PEM body is not base64", bad);
        }
    }
}
