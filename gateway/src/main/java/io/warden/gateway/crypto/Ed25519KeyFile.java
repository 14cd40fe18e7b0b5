package io.warden.gateway.crypto;

import io.warden.gateway.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
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

/**
 * One Ed25519 key pair kept in one file: the gateway's evidence key and its audit signing key both live in one.
 *
 * <p>The file is two PEM blocks, the private key (PKCS#8, {@code PRIVATE KEY}) then the public key
 * (SubjectPublicKeyInfo, {@code PUBLIC KEY}): the JCA cannot derive an Ed25519 public key from the private
 * one. It is what {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} print, one after
 * the other. A new file is written owner-only (0600 where the file system has POSIX permissions), flushed to
 * disk under a temporary name and then linked into place, so a reader never sees half a key and, of two
 * processes creating the key at once, one wins and the other loads the winner's key.
 *
 * <p>Threading: {@link #loadOrCreate}, {@link #load}, {@link #readPublic} and {@link #readableByOthers} do blocking
 * file I/O (call them from a worker or at start); everything else is CPU only. Instances are immutable and
 * thread-safe (a new {@link Signature} per call). Failures: {@link IOException} when the file cannot be read or
 * written; {@link GeneralSecurityException} naming the file when it is not such a key (no PEM block, bad base64,
 * not Ed25519, a public key that is not the private key's, or more than {@value #MAX_FILE_BYTES} bytes).
 */
public final class Ed25519KeyFile {
    public static final String ALGORITHM = "Ed25519";
    /** A key file is about 230 bytes; anything much larger is some other file named by mistake. */
    public static final int MAX_FILE_BYTES = 64 * 1024;
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String fingerprint;
    private final boolean created;

    private Ed25519KeyFile(PrivateKey privateKey, PublicKey publicKey, boolean created) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.fingerprint = fingerprint(publicKey);
        this.created = created;
    }

    /** Loads the key in {@code file}, or creates it there (and its directories) when there is no such file. Blocking. */
    public static Ed25519KeyFile loadOrCreate(Path file) throws IOException, GeneralSecurityException {
        if (Files.exists(file)) return load(file);
        KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        Path dir = file.toAbsolutePath().getParent();
        PrivateFiles.createDirectories(dir);
        Path tmp = writeOwnerOnly(dir, file.getFileName().toString(),
                pem(PRIVATE, pair.getPrivate().getEncoded()) + pem(PUBLIC, pair.getPublic().getEncoded()));
        try {
            if (!publish(tmp, file)) return load(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Ed25519KeyFile(pair.getPrivate(), pair.getPublic(), true);
    }

    /** Loads the key in {@code file}; checks that its two halves belong together. Blocking. */
    public static Ed25519KeyFile load(Path file) throws IOException, GeneralSecurityException {
        String text = readBounded(file);
        KeyFactory kf = KeyFactory.getInstance(ALGORITHM);
        Ed25519KeyFile key;
        try {
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(unpem(text, PRIVATE)));
            PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(unpem(text, PUBLIC)));
            key = new Ed25519KeyFile(priv, pub, false);
        } catch (GeneralSecurityException e) {
            throw new InvalidKeySpecException(file + " is not an Ed25519 key file: " + e.getMessage(), e);
        }
        byte[] probe = {1, 2, 3};
        if (!verify(key.publicKey, probe, key.sign(probe))) {
            throw new InvalidKeySpecException(file + ": its private and public keys do not belong together");
        }
        return key;
    }

    /** True when this instance wrote the file (it did not exist before and no concurrent creator got there first). */
    public boolean created() {
        return created;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Lower-case hex SHA-256 of the public key's DER (SubjectPublicKeyInfo) encoding, 64 characters. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The public key as PEM (SubjectPublicKeyInfo), ending in a newline. */
    public String publicKeyPem() {
        return publicPem(publicKey);
    }

    /** The 64-byte Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(ALGORITHM);
        s.initSign(privateKey);
        s.update(data);
        return s.sign();
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
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** {@code key} as PEM (SubjectPublicKeyInfo), ending in a newline. */
    public static String publicPem(PublicKey key) {
        return pem(PUBLIC, key.getEncoded());
    }

    /** Parses the first PEM public key block in {@code text} (other text around it is ignored). */
    public static PublicKey parsePublicPem(String text) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(unpem(text, PUBLIC)));
    }

    /** Reads a PEM public key from {@code file} (a key file written here, or a public key alone). Blocking. */
    public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        String text = readBounded(file);
        try {
            return parsePublicPem(text);
        } catch (GeneralSecurityException e) {
            throw new InvalidKeySpecException(file + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** True when group or others may read {@code file} (a private key file should be 0600). Blocking. */
    public static boolean readableByOthers(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) return false;
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
    }

    private static String readBounded(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidKeySpecException(file + " is larger than " + MAX_FILE_BYTES + " bytes: not a key file");
        }
        // Not strict: a stray non-ASCII byte must surface as "not a key", not as an unreadable file.
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** A new owner-only file in {@code dir} holding {@code text}, flushed to disk. */
    private static Path writeOwnerOnly(Path dir, String name, String text) throws IOException {
        Path tmp = PrivateFiles.createTempFile(dir, name + ".", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /**
     * Makes {@code tmp} appear as {@code file} unless {@code file} exists; false when it did (another creator won).
     * A hard link never replaces its target, where a rename would silently replace a concurrent creator's key.
     */
    private static boolean publish(Path tmp, Path file) throws IOException {
        try {
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            // A file system without hard links: a move that refuses an existing target (not atomic, a narrow window).
            try {
                Files.move(tmp, file);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(String text, String label) throws InvalidKeySpecException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        int e = b < 0 ? -1 : text.indexOf(end, b);
        if (e < 0) throw new InvalidKeySpecException("no PEM " + label.toLowerCase(Locale.ROOT) + " block");
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException bad) {
            throw new InvalidKeySpecException("the PEM " + label.toLowerCase(Locale.ROOT) + " block is not base64", bad);
        }
    }

    @Override
    public String toString() {
        return "Ed25519KeyFile[" + fingerprint + "]"; // never the private key
    }
}
