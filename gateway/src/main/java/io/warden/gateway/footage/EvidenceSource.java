package io.warden.gateway.footage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The files of an evidence package to verify: a directory, or a zip (its entries under one top-level
 * folder, as {@link EvidenceZip} writes them, or at the top). Names that could point outside the
 * package, nested folders and duplicates are reported as problems and left out. Blocking.
 */
abstract class EvidenceSource implements Closeable {
    final Map<String, String> names = new TreeMap<>(); // package name -> name in the source
    final List<EvidenceVerification.Problem> problems = new ArrayList<>();

    static EvidenceSource open(Path path) throws IOException {
        if (Files.isDirectory(path)) return new Dir(path);
        if (Files.isRegularFile(path)) return new Zip(path);
        throw new IOException("no such file or directory: " + path);
    }

    Set<String> names() {
        return Collections.unmodifiableSet(names.keySet());
    }

    List<EvidenceVerification.Problem> problems() {
        return problems;
    }

    abstract InputStream open(String name) throws IOException;

    static String sha256(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        return HexFormat.of().formatHex(md.digest());
    }

    private static final class Dir extends EvidenceSource {
        private final Path dir;

        Dir(Path dir) throws IOException {
            this.dir = dir;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String name = p.getFileName().toString();
                    if (Files.isRegularFile(p)) {
                        names.put(name, name);
                    } else {
                        problems.add(new EvidenceVerification.Problem(name + "/", "not a file: a package holds files only"));
                    }
                }
            }
        }

        @Override
        InputStream open(String name) throws IOException {
            return Files.newInputStream(dir.resolve(names.get(name)));
        }

        @Override
        public void close() {}
    }

    private static final class Zip extends EvidenceSource {
        /** A package holds a few files per camera; far more is hostile (the zip's directory is read into memory). */
        private static final int MAX_ENTRIES = 100_000;
        /** Clips (H.264) barely deflate and JSON about tenfold; deflate's best is about 1000:1. */
        private static final long MAX_RATIO = 100;
        private static final long MIN_BOMB = 1 << 20;
        private final ZipFile zip;

        Zip(Path file) throws IOException {
            try {
                zip = new ZipFile(file.toFile());
            } catch (ZipException e) {
                throw new IOException(file + " is not a zip file (" + e.getMessage() + ")", e);
            }
            Map<String, ZipEntry> files = new LinkedHashMap<>();
            long claimed = 0;
            if (zip.size() > MAX_ENTRIES) {
                problems.add(new EvidenceVerification.Problem(file.getFileName().toString(), zip.size() + " entries, more than "
                        + MAX_ENTRIES + ": not an evidence package, refused unread"));
                return;
            }
            for (ZipEntry e : Collections.list(zip.entries())) {
                claimed += Math.max(0, e.getCompressedSize());
                if (e.isDirectory()) continue;
                String n = e.getName();
                String bomb = bomb(e);
                if (n.startsWith("/") || n.contains("\\") || n.contains("..") || n.contains("\0")) {
                    problems.add(new EvidenceVerification.Problem(n, "an entry name that points outside the package"));
                } else if (bomb != null) {
                    problems.add(new EvidenceVerification.Problem(n, bomb));
                } else if (files.putIfAbsent(n, e) != null) {
                    problems.add(new EvidenceVerification.Problem(n, "in the zip twice"));
                }
            }
            if (claimed > Files.size(file)) {
                // Entries sharing data (a "non-recursive" zip bomb): nothing of it is read.
                problems.add(new EvidenceVerification.Problem(file.getFileName().toString(), "its entries claim " + claimed
                        + " bytes, more bytes than the file holds (" + Files.size(file) + "): overlapping entries, refused unread"));
                files.clear();
            }
            String folder = commonFolder(files.keySet());
            for (String n : files.keySet()) {
                String name = folder == null ? n : n.substring(folder.length() + 1);
                if (name.contains("/")) {
                    problems.add(new EvidenceVerification.Problem(n, "in a subfolder: a package holds files only"));
                } else {
                    names.put(name, n);
                }
            }
        }

        /** The one folder every entry is in, or null. */
        private static String commonFolder(Set<String> entries) {
            String folder = null;
            for (String n : entries) {
                int slash = n.indexOf('/');
                if (slash <= 0) return null;
                String f = n.substring(0, slash);
                if (folder == null) folder = f;
                else if (!folder.equals(f)) return null;
            }
            return folder;
        }

        /** Why an entry is refused unread (a method we do not read, or a zip bomb's expansion), or null. */
        private static String bomb(ZipEntry e) {
            if (e.getMethod() != ZipEntry.STORED && e.getMethod() != ZipEntry.DEFLATED) {
                return "compressed with method " + e.getMethod() + ": only stored and deflated entries are read";
            }
            long size = e.getSize();
            long packed = e.getCompressedSize();
            if (size < 0 || packed < 0) return "its size is not in the zip's directory";
            if (e.getMethod() == ZipEntry.DEFLATED && size > Math.max(MIN_BOMB, packed * MAX_RATIO)) {
                return "inflates " + packed + " bytes to " + size + " (more than " + MAX_RATIO + " times): a zip bomb, refused unread";
            }
            return null;
        }

        @Override
        InputStream open(String name) throws IOException {
            ZipEntry e = zip.getEntry(names.get(name));
            return new Bounded(zip.getInputStream(e), e.getSize(), name);
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** An entry's data that may not run past the size the zip's directory gives it. */
    private static final class Bounded extends java.io.FilterInputStream {
        private final String name;
        private long left;

        Bounded(InputStream in, long size, String name) {
            super(in);
            this.left = size;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, Math.min(left + 1, Integer.MAX_VALUE))));
            if (n > 0 && (left -= n) < 0) throw new IOException(name + " holds more bytes than the zip's directory says");
            return n;
        }
    }
}
