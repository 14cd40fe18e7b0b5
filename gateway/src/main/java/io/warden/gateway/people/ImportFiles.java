package io.warden.gateway.people;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An import's files from a OneRoster zip: file name (without folders) to bytes.
 * STAND-IN written on h/api so the API compiles and its tests run: helper C owns this class
 * (branch h/import); at merge, C's version replaces this one (same signature).
 */
public final class ImportFiles {
    /** Unpacked bytes allowed in all: a zip bomb fails with a clear error, not an out-of-memory. */
    static final long MAX_UNZIPPED = 256L * 1024 * 1024;

    private ImportFiles() {}

    /** The {@code .csv} files of {@code zip}; WardenException BAD_REQUEST when it is not a zip or unpacks too large. Blocking. */
    public static Map<String, byte[]> fromZip(byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isDirectory()) continue;
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                byte[] bytes = read(in, MAX_UNZIPPED - total);
                total += bytes.length;
                if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) files.put(name, bytes);
            }
        } catch (IOException e) {
            throw new WardenException(ErrorCode.BAD_REQUEST, "the zip cannot be read: " + e.getMessage());
        }
        if (files.isEmpty()) throw new WardenException(ErrorCode.BAD_REQUEST, "the zip holds no .csv file");
        return files;
    }

    private static byte[] read(InputStream in, long room) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (out.size() + (long) n > room) throw new IOException("it unpacks to more than " + MAX_UNZIPPED / (1024 * 1024) + " MiB");
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
