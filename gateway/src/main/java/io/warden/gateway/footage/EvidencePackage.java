package io.warden.gateway.footage;

import io.warden.gateway.PrivateFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An evidence package on disk ({@code data/evidence/<id>/}): the clips, {@code manifest.json},
 * {@code SHA256SUMS} (every file but itself and the signature, in {@code sha256sum -c} format) and
 * {@code manifest.json.sig} (a detached Ed25519 signature of manifest.json's bytes by the gateway's
 * {@link EvidenceKey}). Verifiable offline without Warden ({@code sha256sum -c}) and with
 * {@code warden evidence verify}.
 *
 * <p>What is trusted: the signature covers manifest.json, and the manifest names every clip with its
 * SHA-256; SHA256SUMS is a convenience for {@code sha256sum -c} and is not signed.
 */
public final class EvidencePackage {
    public static final String MANIFEST = "manifest.json";
    public static final String SUMS = "SHA256SUMS";
    public static final String SIGNATURE = "manifest.json.sig";
    public static final String PUBLIC_KEY = "evidence-key.pem";
    /** Names that need no escaping in SHA256SUMS or a zip, and cannot leave the directory. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private EvidencePackage() {}

    /**
     * Write manifest.json (as given, pretty-printed), the public key, SHA256SUMS and the signature into
     * {@code dir}; blocking work on a worker. Fails INTERNAL when a clip the manifest names
     * ({@code cameras[].clips[].file}) is missing or its SHA-256 differs from the manifest's, or when a
     * file name is unsafe; STORAGE_FULL when the disk is full.
     */
    public static Future<Void> seal(Vertx vertx, Path dir, JsonObject manifest, EvidenceKey key) {
        return vertx.executeBlocking(() -> {
            sealNow(dir, manifest, key);
            return null;
        }, false);
    }

    /** {@link #seal} on the calling thread. */
    static void sealNow(Path dir, JsonObject manifest, EvidenceKey key) {
        try {
            byte[] manifestBytes = (manifest.encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8);
            writeAtomically(dir, MANIFEST, manifestBytes);
            writeAtomically(dir, PUBLIC_KEY, key.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
            Map<String, String> sums = new TreeMap<>();
            for (String name : files(dir)) {
                if (name.equals(SUMS) || name.equals(SIGNATURE)) continue;
                sums.put(name, sha256(dir.resolve(name)));
            }
            checkClips(dir, manifest, sums);
            StringBuilder text = new StringBuilder();
            sums.forEach((name, hex) -> text.append(hex).append("  ").append(name).append('\n'));
            writeAtomically(dir, SUMS, text.toString().getBytes(StandardCharsets.UTF_8));
            String sig = Base64.getEncoder().encodeToString(key.sign(manifestBytes)) + "\n";
            writeAtomically(dir, SIGNATURE, sig.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw ClipFileSequence.storageError(e);
        }
    }

    /** Every clip the manifest names is in the package with the SHA-256 the manifest gives. */
    private static void checkClips(Path dir, JsonObject manifest, Map<String, String> sums) throws IOException {
        JsonArray cameras = manifest.getJsonArray("cameras", new JsonArray());
        for (int i = 0; i < cameras.size(); i++) {
            JsonArray clips = cameras.getJsonObject(i).getJsonArray("clips", new JsonArray());
            for (int j = 0; j < clips.size(); j++) {
                JsonObject clip = clips.getJsonObject(j);
                String file = clip.getString("file");
                String hex = sums.get(file);
                if (hex == null) throw new WardenException(ErrorCode.INTERNAL, "the manifest names the clip " + file + ", which is not in the package");
                if (!hex.equals(clip.getString("sha256"))) {
                    throw new WardenException(ErrorCode.INTERNAL, "the clip " + file + " changed since it was written: its SHA-256 is not the manifest's");
                }
                Object bytes = clip.getValue("bytes");
                if (bytes instanceof Number n && n.longValue() != Files.size(dir.resolve(file))) {
                    throw new WardenException(ErrorCode.INTERNAL, "the manifest gives the clip " + file + " " + n + " bytes, the file has "
                            + Files.size(dir.resolve(file)));
                }
            }
        }
    }

    /**
     * The package's regular files in the fixed order of a zip: manifest.json, its signature, the public
     * key, SHA256SUMS, then the rest by name (blocking).
     *
     * @throws WardenException INTERNAL for a subdirectory or a file name that is not plain
     */
    public static List<String> files(Path dir) throws IOException {
        List<String> rest = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p) || !SAFE_NAME.matcher(name).matches()) {
                    throw new WardenException(ErrorCode.INTERNAL, "the evidence directory " + dir + " holds " + name
                            + ", which is not a plain file name");
                }
                rest.add(name);
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String fixed : List.of(MANIFEST, SIGNATURE, PUBLIC_KEY, SUMS)) {
            if (rest.remove(fixed)) ordered.add(fixed);
        }
        rest.sort(null);
        ordered.addAll(rest);
        return ordered;
    }

    /** Lower-case hex SHA-256 of a file, read in 1 MiB steps (blocking). */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel in = FileChannel.open(file)) {
            while (in.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void writeAtomically(Path dir, String name, byte[] bytes) throws IOException {
        Path tmp = dir.resolve("." + name + ".tmp");
        PrivateFiles.write(tmp, bytes);
        try (FileChannel c = FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            c.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
