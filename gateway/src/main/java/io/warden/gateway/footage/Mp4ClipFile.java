package io.warden.gateway.footage;

import io.warden.gateway.PrivateFiles;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.mp4parser.boxes.iso14496.part12.FileTypeBox;

/**
 * One MP4 file being written, blocking, on a worker thread: {@code ftyp}, then {@code mdat} that
 * grows as frames come (written through a small staging buffer), then at {@link #close} the
 * {@code moov} index at the end and the {@code mdat} size patched in. Nothing of a frame stays in
 * memory once staged out; the index keeps a few bytes per frame. Not thread-safe: one worker task
 * at a time.
 *
 * <p>Each sample lasts until the next one's {@code mediaTime}, so the file keeps the stream's own
 * timing; where that clock disagrees with the capture times by more than half a second (a resumed
 * replay restarts the RTP clock) the capture-time distance is used instead.
 */
final class Mp4ClipFile {
    private static final int STAGING = 256 * 1024;
    private static final long CHECK_EVERY = 1 << 20;
    private static final long MDAT_HEADER = 16;
    private static final long CLOCK_TOLERANCE = Mp4SampleTable.TIMESCALE / 2;

    private final Path path;
    private final Mp4AvcSampleEntry avc;
    private final StorageGuard guard;
    private final FileChannel channel;
    private final ByteBuffer staging = ByteBuffer.allocate(STAGING);
    private final Mp4SampleTable table = new Mp4SampleTable();
    private final long mdatStart;
    private long sinceCheck;
    private Instant firstTime;
    private Instant lastTime;
    private long lastMediaTime;

    private Mp4ClipFile(Path path, Mp4AvcSampleEntry avc, StorageGuard guard) throws IOException {
        this.path = path;
        this.avc = avc;
        this.guard = guard;
        guard.check(path);
        this.channel = PrivateFiles.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            new FileTypeBox("isom", 512, List.of("isom", "iso2", "avc1", "mp41")).getBox(channel);
            mdatStart = channel.position();
            ByteBuffer header = ByteBuffer.allocate((int) MDAT_HEADER);
            header.putInt(1).put(new byte[] {'m', 'd', 'a', 't'}).putLong(0); // 64-bit size, patched at close
            header.flip();
            while (header.hasRemaining()) channel.write(header);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Creates {@code path} (it must not exist) for a clip in this format. */
    static Mp4ClipFile create(Path path, Mp4AvcSampleEntry avc, StorageGuard guard) throws IOException {
        return new Mp4ClipFile(path, avc, guard);
    }

    Path path() {
        return path;
    }

    int frames() {
        return table.count();
    }

    /** Appends one frame's sample data (length-prefixed NAL units). */
    void append(AccessUnit unit) throws IOException {
        if (table.count() > 0) table.setLastDuration(spacing(unit));
        byte[] data = unit.data().getBytes();
        if (data.length > staging.remaining()) flushStaging();
        if (data.length > staging.capacity()) {
            write(ByteBuffer.wrap(data));
        } else {
            staging.put(data);
        }
        table.add(data.length, unit.keyframe());
        if (firstTime == null) firstTime = unit.time();
        lastTime = unit.time();
        lastMediaTime = unit.mediaTime();
        sinceCheck += data.length;
        if (sinceCheck >= CHECK_EVERY) {
            sinceCheck = 0;
            guard.check(path);
        }
    }

    /** Forgets every frame so far (a later clean point before the window replaces the pre-roll). */
    void truncate() throws IOException {
        staging.clear();
        channel.truncate(mdatStart + MDAT_HEADER);
        channel.position(mdatStart + MDAT_HEADER);
        table.clear();
        firstTime = null;
        lastTime = null;
    }

    /** Writes the index, closes the file and describes it. */
    Clip close() throws IOException {
        try {
            int n = table.count();
            if (n == 0) throw new IllegalStateException("a clip with no frames");
            long last = n > 1 ? table.duration(n - 2) : avc.frameTicks() > 0 ? avc.frameTicks() : Mp4SampleTable.TIMESCALE / 10;
            table.setLastDuration(last);
            flushStaging();
            long end = channel.position();
            ByteBuffer size = ByteBuffer.allocate(8).putLong(0, end - mdatStart);
            channel.write(size, mdatStart + 8);
            table.movieBox(avc, mdatStart + MDAT_HEADER, Date.from(firstTime)).getBox(channel);
            channel.force(true);
        } finally {
            channel.close();
        }
        Instant to = lastTime.plus(ticks(table.duration(table.count() - 1)));
        return new Clip(path.getFileName().toString(), firstTime, to, table.count(), Files.size(path), EvidencePackage.sha256(path));
    }

    /** Closes (if open) and deletes the file. */
    void delete() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private long spacing(AccessUnit next) {
        long media = next.mediaTime() - lastMediaTime;
        Duration capture = Duration.between(lastTime, next.time());
        long captureTicks = capture.toNanos() / 1_000_000_000L * Mp4SampleTable.TIMESCALE
                + capture.toNanos() % 1_000_000_000L * Mp4SampleTable.TIMESCALE / 1_000_000_000L;
        if (media > 0 && Math.abs(media - captureTicks) <= CLOCK_TOLERANCE) return media;
        if (captureTicks > 0) return Math.min(captureTicks, Integer.MAX_VALUE);
        return Math.max(1, table.count() > 1 ? table.duration(table.count() - 2) : 1);
    }

    static Duration ticks(long ticks90k) {
        return Duration.ofNanos(ticks90k * 1_000_000_000L / Mp4SampleTable.TIMESCALE);
    }

    private void flushStaging() throws IOException {
        staging.flip();
        write(staging);
        staging.clear();
    }

    private void write(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) channel.write(b);
    }

    /** Refuses to write when the disk is (nearly) full. */
    interface StorageGuard {
        /** @throws WardenException STORAGE_FULL when less than the reserve is left where {@code file} lives */
        void check(Path file) throws IOException;

        static StorageGuard reserve(long reserveBytes) {
            return file -> {
                if (reserveBytes <= 0) return;
                Path dir = file.toAbsolutePath().getParent();
                long free = Files.getFileStore(dir).getUsableSpace();
                if (free < reserveBytes) {
                    throw new WardenException(ErrorCode.STORAGE_FULL, "only " + free / (1 << 20) + " MiB free on the disk of " + dir
                            + ", below the reserve of " + reserveBytes / (1 << 20) + " MiB");
                }
            };
        }
    }
}
