package io.warden.gateway.footage;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
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
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own Ed25519 key for signing evidence manifests (JCA), created on first start under
 * the data directory ({@code evidence-key.pem}, owner-only permissions) and loaded after that. Its
 * public key is served at {@code GET /api/v1/evidence/key} and written into every package.
 *
 * <p>The key file holds two PEM blocks: the private key (PKCS#8) and the public key
 * (SubjectPublicKeyInfo), since the JCA cannot derive an Ed25519 public key from the private one.
 * Loading and creating are blocking; signing is CPU only and thread-safe (a new {@link Signature}
 * per call). Failures are {@link WardenException}s: BAD_CONFIG when the file is not a key,
 * INTERNAL when it cannot be read or written.
 */
public final class EvidenceKey {
    /** The key file's name under the data directory. */
    public static final String FILE = "evidence-key.pem";
    public static final String ALGORITHM = "Ed25519";
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String fingerprint;

    private EvidenceKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.fingerprint = fingerprint(publicKey);
    }

    /** Load the key under {@code dataDir}, creating it when absent (blocking: call from a worker or at start). */
    public static EvidenceKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) return load(file);
            return create(file);
        } catch (IOException e) {
            throw new WardenException(ErrorCode.INTERNAL, "cannot read or write the evidence key " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new WardenException(ErrorCode.BAD_CONFIG, file + " is not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    private static EvidenceKey create(Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(tmp);
            return load(file);
        }
        EvidenceKey key = new EvidenceKey(pair.getPrivate(), pair.getPublic());
        LOG.info("event=evidence_key_created file={} fingerprint={}", file, key.fingerprint);
        return key;
    }

    private static EvidenceKey load(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        KeyFactory kf = KeyFactory.getInstance(ALGORITHM);
        PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(unpem(text, "PRIVATE KEY")));
        PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(unpem(text, "PUBLIC KEY")));
        EvidenceKey key = new EvidenceKey(priv, pub);
        byte[] probe = {1, 2, 3};
        if (!verify(pub, probe, key.sign(probe))) throw new GeneralSecurityException("its private and public keys do not belong together");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("event=evidence_key_readable_by_others file={} hint=\"chmod 600\"", file);
            }
        }
        return key;
    }

    /** The public key as PEM (SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Lower-case hex SHA-256 of the public key's DER (SubjectPublicKeyInfo) encoding. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new WardenException(ErrorCode.INTERNAL, "cannot sign with the evidence key: " + e.getMessage(), e);
        }
    }

    /** True when {@code signature} is a valid Ed25519 signature of {@code data} by {@code key}; false for anything malformed. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Lower-case hex SHA-256 of {@code key}'s DER encoding. */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a PEM public key (SubjectPublicKeyInfo, Ed25519). */
    public static PublicKey parsePublicPem(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(unpem(pem, "PUBLIC KEY")));
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(String text, String label) throws InvalidKeySpecException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end, Math.max(b, 0));
        if (b < 0 || e < 0) throw new InvalidKeySpecException("no PEM " + label.toLowerCase(Locale.ROOT) + " block");
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException bad) {
            throw new InvalidKeySpecException("the PEM " + label.toLowerCase(Locale.ROOT) + " block is not base64", bad);
        }
    }

    @Override
    public String toString() {
        return "EvidenceKey[" + ALGORITHM + " " + fingerprint + "]"; // never the private key
    }
}
