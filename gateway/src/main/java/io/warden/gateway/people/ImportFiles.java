package io.warden.gateway.people;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Turns what an operator hands over (a OneRoster zip, a folder, a {@code users.csv}, a plain CSV) into
 * the file map of an {@link ImportRequest}. A zip is read with limits, so a hostile one (a zip bomb,
 * {@code ../} names) is refused before it costs memory: at most {@value #MAX_ENTRIES} entries and
 * {@value #MAX_TOTAL_BYTES} bytes uncompressed in all, counted as read (sizes in the zip are not trusted).
 * Failures are WardenException BAD_REQUEST naming the file or entry. Blocking: run off the event loop.
 */
public final class ImportFiles {
    public static final int MAX_ENTRIES = 64;
    public static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;
    /**
     * The OneRoster files an import reads; other files of an export (classes, courses, demographics...)
     * are left out: they never leave the district's side.
     */
    public static final List<String> ONEROSTER_FILES = List.of(OneRosterImport.MANIFEST, OneRosterImport.USERS, OneRosterImport.ORGS,
            OneRosterImport.ENROLLMENTS, OneRosterImport.ROLES);

    private ImportFiles() {}

    /**
     * The {@code .csv} entries of a zip, by file name: at its top level or all in one folder (an export
     * zipped with its folder). Entries that are not CSV, and macOS metadata, are skipped.
     */
    public static Map<String, byte[]> fromZip(byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String folder = null;
        int entries = 0;
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                String name = e.getName().replace('\\', '/');
                if (++entries > MAX_ENTRIES) throw bad("the zip has more than " + MAX_ENTRIES + " entries");
                if (name.startsWith("/") || List.of(name.split("/")).contains("..")) {
                    throw bad("zip entry '" + name + "' points outside the zip");
                }
                byte[] bytes = readLimited(in, MAX_TOTAL_BYTES - total, name);
                total += bytes.length;
                int slash = name.lastIndexOf('/');
                String base = name.substring(slash + 1);
                if (e.isDirectory() || name.startsWith("__MACOSX/") || base.startsWith(".")
                        || !base.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    continue;
                }
                String dir = slash < 0 ? "" : name.substring(0, slash);
                if (dir.contains("/")) throw bad("zip entry '" + name + "' is nested too deep: CSV files must be at the top or in one folder");
                if (folder == null) folder = dir;
                else if (!folder.equals(dir)) {
                    throw bad("the zip holds CSV files in more than one folder ('" + folder + "' and '" + dir + "')");
                }
                if (files.putIfAbsent(base, bytes) != null) throw bad("the zip holds '" + base + "' twice");
            }
        } catch (ZipException e) {
            throw bad("not a readable zip: " + e.getMessage());
        } catch (IOException e) {
            throw bad("the zip cannot be read: " + e.getMessage());
        }
        if (entries == 0) throw bad("not a zip, or an empty one");
        if (files.isEmpty()) throw bad("the zip holds no .csv files");
        return files;
    }

    /**
     * The files at {@code path}, for the CLI: a {@code .zip} ({@link #fromZip}); a folder holding
     * {@code users.csv} (with the OneRoster files beside it); a {@code users.csv} (its siblings
     * {@code orgs.csv}, {@code enrollments.csv}, {@code roles.csv} picked up); any other {@code .csv}, alone,
     * as a plain CSV. {@link #formatOf} tells which format the result is.
     */
    public static Map<String, byte[]> fromPath(Path path) {
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve(OneRosterImport.USERS))) {
                throw bad(path + " is a folder without users.csv: give a OneRoster export folder, a zip or a CSV file");
            }
            return oneRosterFiles(path);
        }
        if (!Files.isRegularFile(path)) throw bad(path + ": no such file");
        String name = path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".zip")) {
            byte[] zip = read(path);
            try {
                return fromZip(zip);
            } catch (WardenException e) {
                throw bad(path + ": " + e.getMessage());
            }
        }
        if (!lower.endsWith(".csv")) throw bad(path + " is not a .csv or .zip file");
        if (name.equals(OneRosterImport.USERS)) {
            Path dir = path.toAbsolutePath().getParent();
            return oneRosterFiles(dir);
        }
        Map<String, byte[]> one = new LinkedHashMap<>();
        one.put(name, read(path));
        return one;
    }

    /** {@code oneroster} when the files hold {@code users.csv}, else {@code csv} (the plain CSV). */
    public static String formatOf(Map<String, byte[]> files) {
        return files.containsKey(OneRosterImport.USERS) ? OneRosterImport.FORMAT : PlainCsvImport.FORMAT;
    }

    private static Map<String, byte[]> oneRosterFiles(Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        for (String f : ONEROSTER_FILES) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) continue;
            byte[] bytes = read(p);
            total += bytes.length;
            if (total > MAX_TOTAL_BYTES) throw bad(dir + ": the OneRoster files are larger than " + MAX_TOTAL_BYTES + " bytes in all");
            files.put(f, bytes);
        }
        return files;
    }

    private static byte[] read(Path p) {
        try {
            if (Files.size(p) > MAX_TOTAL_BYTES) throw bad(p + " is larger than " + MAX_TOTAL_BYTES + " bytes");
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw bad(p + " cannot be read: " + e.getMessage());
        }
    }

    /** The entry's bytes, refusing more than {@code budget} (what is left of the zip's total). */
    private static byte[] readLimited(InputStream in, long budget, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
            n += r;
            if (n > budget) {
                throw bad("the zip unpacks to more than " + MAX_TOTAL_BYTES + " bytes (at entry '" + name + "'): refused");
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static WardenException bad(String message) {
        return new WardenException(ErrorCode.BAD_REQUEST, message);
    }
}
