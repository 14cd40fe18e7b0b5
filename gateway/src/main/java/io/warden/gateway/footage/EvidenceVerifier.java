package io.warden.gateway.footage;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an evidence package offline, as a zip or as a directory, with nothing but the package (and
 * optionally a pinned public key): every SHA256SUMS line matches its file, no listed file is
 * missing, no file is unlisted, the manifest's signature is valid for the included key (and the
 * pinned one), and every clip the signed manifest names is there with the manifest's SHA-256 (the
 * sums file is not signed; the manifest is). Every problem is collected, naming its file.
 * Blocking; reads files as streams and small files with a size cap, so a hostile package cannot
 * exhaust memory.
 */
public final class EvidenceVerifier {
    private static final Pattern SUM_LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");
    private static final Set<String> UNSIGNED = Set.of(EvidencePackage.SUMS, EvidencePackage.SIGNATURE);
    private static final Set<String> STANDARD = Set.of(EvidencePackage.MANIFEST, EvidencePackage.SUMS, EvidencePackage.SIGNATURE,
            EvidencePackage.PUBLIC_KEY);
    private static final int MAX_MANIFEST = 16 << 20;
    private static final int MAX_SUMS = 4 << 20;
    private static final int MAX_SMALL = 64 << 10;

    private EvidenceVerifier() {}

    /**
     * Verifies the package at {@code path}: a {@code .zip} file or a directory.
     *
     * @param pinned the key the package must be signed by, or null to accept the included one
     * @throws IOException when {@code path} cannot be read at all (not when one of its files is bad)
     */
    public static EvidenceVerification verify(Path path, PublicKey pinned) throws IOException {
        try (EvidenceSource source = EvidenceSource.open(path)) {
            return verify(source, pinned);
        }
    }

    static EvidenceVerification verify(EvidenceSource source, PublicKey pinned) throws IOException {
        List<EvidenceVerification.Problem> problems = new ArrayList<>(source.problems());
        Set<String> names = source.names();
        for (String required : List.of(EvidencePackage.MANIFEST, EvidencePackage.SIGNATURE, EvidencePackage.PUBLIC_KEY, EvidencePackage.SUMS)) {
            if (!names.contains(required)) problems.add(problem(required, "missing"));
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String name : names) {
            try (InputStream in = source.open(name)) {
                hashes.put(name, EvidenceSource.sha256(in));
            } catch (IOException e) {
                problems.add(problem(name, "cannot be read: " + e.getMessage()));
            }
        }

        Map<String, String> listed = sums(source, problems);
        for (Map.Entry<String, String> l : listed.entrySet()) {
            String actual = hashes.get(l.getKey());
            if (actual == null) {
                problems.add(problem(l.getKey(), "listed in SHA256SUMS but missing"));
            } else if (!actual.equalsIgnoreCase(l.getValue())) {
                problems.add(problem(l.getKey(), "its SHA-256 is not the one in SHA256SUMS"));
            }
        }
        if (names.contains(EvidencePackage.SUMS)) {
            for (String name : names) {
                if (!UNSIGNED.contains(name) && !listed.containsKey(name)) problems.add(problem(name, "not listed in SHA256SUMS"));
            }
        }

        PublicKey included = null;
        String fingerprint = null;
        if (names.contains(EvidencePackage.PUBLIC_KEY)) {
            try {
                included = EvidenceKey.parsePublicPem(text(source, EvidencePackage.PUBLIC_KEY, MAX_SMALL));
                fingerprint = EvidenceKey.fingerprint(included);
            } catch (GeneralSecurityException | IOException e) {
                problems.add(problem(EvidencePackage.PUBLIC_KEY, "not an Ed25519 public key in PEM: " + e.getMessage()));
            }
        }
        byte[] manifest = names.contains(EvidencePackage.MANIFEST) ? bytes(source, EvidencePackage.MANIFEST, MAX_MANIFEST, problems) : null;
        byte[] sig = null;
        if (names.contains(EvidencePackage.SIGNATURE)) {
            try {
                sig = Base64.getDecoder().decode(text(source, EvidencePackage.SIGNATURE, MAX_SMALL).strip());
                if (sig.length != 64) throw new IllegalArgumentException(sig.length + " bytes, not 64");
            } catch (IllegalArgumentException | IOException e) {
                problems.add(problem(EvidencePackage.SIGNATURE, "not a base64 Ed25519 signature: " + e.getMessage()));
                sig = null;
            }
        }
        boolean pinnedOk = false;
        if (manifest != null && sig != null && included != null && !EvidenceKey.verify(included, manifest, sig)) {
            problems.add(problem(EvidencePackage.MANIFEST, "its signature does not verify with the package's key " + fingerprint));
        }
        if (pinned != null) {
            String want = EvidenceKey.fingerprint(pinned);
            if (included != null && !Arrays.equals(included.getEncoded(), pinned.getEncoded())) {
                problems.add(problem(EvidencePackage.PUBLIC_KEY, "not the pinned key: fingerprint " + fingerprint + ", expected " + want));
            }
            pinnedOk = manifest != null && sig != null && EvidenceKey.verify(pinned, manifest, sig);
            if (!pinnedOk && manifest != null && sig != null) {
                problems.add(problem(EvidencePackage.MANIFEST, "not signed by the pinned key " + want));
            }
        }
        if (manifest != null) checkManifest(manifest, fingerprint, names, hashes, problems);
        return new EvidenceVerification(problems.isEmpty(), names.size(), fingerprint, pinnedOk, problems);
    }

    /** The signed manifest names each clip with its SHA-256, and the package holds nothing else. */
    private static void checkManifest(byte[] bytes, String fingerprint, Set<String> names, Map<String, String> hashes,
            List<EvidenceVerification.Problem> problems) {
        JsonObject m;
        try {
            m = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            problems.add(problem(EvidencePackage.MANIFEST, "not a JSON object"));
            return;
        }
        Object signing = m.getValue("signing");
        if (signing instanceof JsonObject s && s.getValue("fingerprint") instanceof String named && fingerprint != null
                && !named.equalsIgnoreCase(fingerprint)) {
            problems.add(problem(EvidencePackage.MANIFEST, "names the signing key " + named + " but the package holds " + fingerprint));
        }
        Set<String> clips = new java.util.HashSet<>();
        Object cameras = m.getValue("cameras");
        if (cameras instanceof JsonArray cams) {
            for (Object cam : cams) {
                if (!(cam instanceof JsonObject c) || !(c.getValue("clips") instanceof JsonArray list)) continue;
                for (Object o : list) {
                    if (!(o instanceof JsonObject clip) || !(clip.getValue("file") instanceof String file)) {
                        problems.add(problem(EvidencePackage.MANIFEST, "a clip without a file name"));
                        continue;
                    }
                    clips.add(file);
                    String actual = hashes.get(file);
                    if (actual == null) {
                        problems.add(problem(file, "named in the signed manifest but missing"));
                    } else if (!(clip.getValue("sha256") instanceof String want) || !want.equalsIgnoreCase(actual)) {
                        problems.add(problem(file, "its SHA-256 is not the one in the signed manifest"));
                    }
                }
            }
        }
        for (String name : names) {
            if (!STANDARD.contains(name) && !clips.contains(name)) problems.add(problem(name, "not named in the signed manifest"));
        }
    }

    private static Map<String, String> sums(EvidenceSource source, List<EvidenceVerification.Problem> problems) throws IOException {
        Map<String, String> listed = new LinkedHashMap<>();
        if (!source.names().contains(EvidencePackage.SUMS)) return listed;
        byte[] b = bytes(source, EvidencePackage.SUMS, MAX_SUMS, problems);
        if (b == null) return listed;
        String[] lines = new String(b, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() && i == lines.length - 1) break;
            Matcher mt = SUM_LINE.matcher(line);
            if (!mt.matches()) {
                problems.add(problem(EvidencePackage.SUMS, "line " + (i + 1) + " is not '<sha256>  <file>'"));
            } else if (listed.putIfAbsent(mt.group(2), mt.group(1)) != null) {
                problems.add(problem(EvidencePackage.SUMS, "line " + (i + 1) + " lists " + mt.group(2) + " again"));
            }
        }
        return listed;
    }

    private static byte[] bytes(EvidenceSource source, String name, int max, List<EvidenceVerification.Problem> problems) throws IOException {
        try (InputStream in = source.open(name)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                problems.add(problem(name, "larger than " + (max >> 10) + " KiB"));
                return null;
            }
            return b;
        } catch (IOException e) {
            return null; // already named when it was hashed
        }
    }

    private static String text(EvidenceSource source, String name, int max) throws IOException {
        try (InputStream in = source.open(name)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) throw new IOException("larger than " + (max >> 10) + " KiB");
            return new String(b, StandardCharsets.US_ASCII);
        }
    }

    private static EvidenceVerification.Problem problem(String file, String reason) {
        return new EvidenceVerification.Problem(file, reason);
    }
}
