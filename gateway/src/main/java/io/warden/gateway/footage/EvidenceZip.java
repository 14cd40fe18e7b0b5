package io.warden.gateway.footage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An evidence package as a zip, streamed: STORED entries (MP4 does not compress) under one folder
 * named after the package directory, in the fixed order of {@link EvidencePackage#files}. A first
 * pass on a worker computes each file's CRC-32 so every header is final before its data and the
 * zip's {@link #size} is known up front (a Content-Length); then headers and file contents go to the
 * stream with its back-pressure, read through {@link AsyncFile}s: no temporary file, and never more
 * than a read buffer of the package in memory.
 *
 * <p>Threading: {@link #prepare} from anywhere; {@link #writeTo} on the stream's context. Failure
 * modes: the futures fail with the I/O error or the stream's; on a failure mid-stream the zip is
 * incomplete and the caller should reset the connection rather than end it.
 */
public final class EvidenceZip {
    private static final int READ_BUFFER = 64 * 1024;

    private final Vertx vertx;
    private final List<Path> paths;
    private final List<ZipHeaders.Entry> entries;
    private final long cdOffset;
    private final long size;

    private EvidenceZip(Vertx vertx, List<Path> paths, List<ZipHeaders.Entry> entries, long cdOffset) {
        this.vertx = vertx;
        this.paths = paths;
        this.entries = entries;
        this.cdOffset = cdOffset;
        this.size = cdOffset + ZipHeaders.centralDirectorySize(entries, cdOffset);
    }

    /** Streams the zip of {@code dir} to {@code out} and ends it. */
    public static Future<Void> stream(Vertx vertx, Path dir, WriteStream<Buffer> out) {
        return prepare(vertx, dir).compose(zip -> zip.writeTo(out));
    }

    /** Lists the package and computes each file's CRC-32 (blocking work on a worker). */
    public static Future<EvidenceZip> prepare(Vertx vertx, Path dir) {
        return vertx.executeBlocking(() -> plan(vertx, dir, false), false);
    }

    static EvidenceZip plan(Vertx vertx, Path dir, boolean forceZip64) throws IOException {
        String folder = dir.toAbsolutePath().normalize().getFileName().toString();
        List<Path> paths = new ArrayList<>();
        List<ZipHeaders.Entry> entries = new ArrayList<>();
        long offset = 0;
        for (String name : EvidencePackage.files(dir)) {
            Path p = dir.resolve(name);
            long size = Files.size(p);
            boolean zip64 = forceZip64 || ZipHeaders.needsZip64(size, offset);
            ZipHeaders.Entry e = new ZipHeaders.Entry(folder + "/" + name, size, crc32(p, size),
                    ZipHeaders.utc(Files.getLastModifiedTime(p).toInstant()), offset, zip64);
            paths.add(p);
            entries.add(e);
            offset += e.localHeaderSize() + size;
        }
        return new EvidenceZip(vertx, paths, entries, offset);
    }

    /** The zip's exact length in bytes. */
    public long size() {
        return size;
    }

    /** Writes the zip to {@code out}, waiting for the stream where it is full, and ends it. */
    public Future<Void> writeTo(WriteStream<Buffer> out) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < entries.size(); i++) {
            ZipHeaders.Entry e = entries.get(i);
            Path p = paths.get(i);
            chain = chain.compose(v -> out.write(ZipHeaders.localHeader(e))).compose(v -> copy(p, e.size(), out));
        }
        return chain.compose(v -> out.write(ZipHeaders.centralDirectory(entries, cdOffset))).compose(v -> out.end());
    }

    private Future<Void> copy(Path file, long size, WriteStream<Buffer> out) {
        return vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                .compose(f -> {
                    // the header already said how long it is: never send more
                    f.setReadBufferSize(READ_BUFFER).setReadLength(size);
                    return f.pipe().endOnComplete(false).to(out).eventually(() -> f.close());
                });
    }

    private static long crc32(Path p, long size) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        long read = 0;
        try (FileChannel in = FileChannel.open(p)) {
            int n;
            while (read < size && (n = in.read(buf)) >= 0) {
                buf.flip();
                if (read + n > size) buf.limit((int) (size - read));
                read += buf.remaining();
                crc.update(buf);
                buf.clear();
            }
        }
        if (read != size) throw new IOException(p + " shrank while it was read");
        return crc.getValue();
    }
}
