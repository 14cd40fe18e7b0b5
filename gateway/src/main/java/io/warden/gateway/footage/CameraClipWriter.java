package io.warden.gateway.footage;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import io.warden.adapter.api.WardenException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one camera's footage for one window into playable MP4 clips, without re-encoding: one clip
 * per continuous section, so that a gap is a gap between files and never a frozen picture. Takes
 * the access units of one or more replays (a replay resumed after a dropped connection delivers
 * again what was already written: those are skipped). Memory stays bounded however long the window;
 * file I/O runs on worker threads, never on the event loop.
 *
 * <p>Clips are {@code <baseName>-1.mp4}, {@code -2}, ...: a new one starts after the E bit (end of a
 * section), after a capture-time jump longer than {@code gapAfter}, and when the parameter sets
 * change; each starts with a keyframe. Frames go to the worker in batches of about 256 KiB; the
 * future {@link #accept} returns completes when the batch before is on disk, which is what holds
 * the replay back when the disk is slower than the device.
 *
 * <p>Threading: {@link #format}, {@link #accept}, {@link #finish} and {@link #discard} are called
 * on one thread (the replay's context), in order; {@link #progress} and {@link #lastTime} from any.
 * Failures: STORAGE_FULL when the disk is full or its free space falls below the reserve (checked
 * about every MiB), PROTOCOL_ERROR for an access unit before the format or with broken length
 * prefixes, INTERNAL for other I/O errors. After a failure every later call fails with the same error;
 * {@link #discard} still removes the files.
 */
public final class CameraClipWriter implements ReplaySink {
    private static final int BATCH_BYTES = 256 * 1024;

    private Context context;
    private final String baseName;
    private final Instant from;
    private final Instant to;
    private final Duration gapAfter;
    private final ClipFileSequence files;

    private VideoFormat format;
    private Mp4AvcSampleEntry entry;
    private VideoFormat clipFormat;
    private boolean open;
    private boolean preRoll;
    private int clipNumber;
    private Instant openFirstTime;
    private Instant lastWritten;
    private Duration lastSpacing = Duration.ZERO;
    private Duration closedCovered = Duration.ZERO;
    private long frames;
    private long bytes;
    private long openFrames;
    private long openBytes;

    private List<ClipFileSequence.Step> batch = new ArrayList<>();
    private int batchBytes;
    private Future<Void> tail = Future.succeededFuture();
    private volatile Throwable failure;
    private boolean finished;

    private volatile ClipProgress progress = new ClipProgress(Duration.ZERO, 0, 0);
    private volatile Instant lastTime;

    /**
     * @param dir       where the clips go (exists)
     * @param baseName  file name stem, e.g. {@code cam-front}: clips are {@code cam-front-1.mp4}, ...
     * @param from      requested start: frames before the clean point at or before it are dropped
     * @param to        requested end: frames at or after it are dropped
     * @param gapAfter  two frames further apart than this (in capture time) are a gap, E bit or not
     */
    public CameraClipWriter(Vertx vertx, Path dir, String baseName, Instant from, Instant to, Duration gapAfter) {
        this(vertx, dir, baseName, from, to, gapAfter, 0);
    }

    /**
     * As above, and fails STORAGE_FULL once less than {@code reserveBytes} is free on the clips' disk.
     */
    public CameraClipWriter(Vertx vertx, Path dir, String baseName, Instant from, Instant to, Duration gapAfter, long reserveBytes) {
        this(vertx, dir, baseName, from, to, gapAfter, Mp4ClipFile.StorageGuard.reserve(reserveBytes));
    }

    CameraClipWriter(Vertx vertx, Path dir, String baseName, Instant from, Instant to, Duration gapAfter, Mp4ClipFile.StorageGuard guard) {
        this.context = vertx.getOrCreateContext();
        this.baseName = Objects.requireNonNull(baseName, "baseName");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        this.gapAfter = Objects.requireNonNull(gapAfter, "gapAfter");
        this.files = new ClipFileSequence(dir, guard);
    }

    @Override
    public Future<Void> format(VideoFormat newFormat) {
        if (failure != null) return Future.failedFuture(failure);
        if (finished) return finishedError();
        // work continues on the replay's context, so the futures it waits for complete there
        Context current = Vertx.currentContext();
        if (current != null) context = current;
        if (format != null && sameParameterSets(format, newFormat)) return Future.succeededFuture();
        try {
            entry = Mp4AvcSampleEntry.of(newFormat);
        } catch (WardenException e) {
            return fail(e);
        }
        format = newFormat;
        if (open && !sameParameterSets(clipFormat, newFormat)) endSection();
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> accept(AccessUnit unit) {
        if (failure != null) return Future.failedFuture(failure);
        if (finished) return finishedError();
        if (format == null) {
            return Future.failedFuture(new WardenException(ErrorCode.PROTOCOL_ERROR, "an access unit came before the stream's format"));
        }
        Instant t = unit.time();
        if (lastWritten != null && !t.isAfter(lastWritten)) return Future.succeededFuture(); // resumed replay: already written
        if (!t.isBefore(to)) return Future.succeededFuture();
        String bad = badLengthPrefixes(unit.data());
        if (bad != null) return fail(new WardenException(ErrorCode.PROTOCOL_ERROR, "the access unit at " + t + " " + bad));

        if (open && Duration.between(lastWritten, t).compareTo(gapAfter) > 0) endSection();
        if (!open) {
            if (!unit.keyframe()) return Future.succeededFuture(); // a clip starts at a clean point
            openClip(t.isBefore(from));
        } else if (preRoll && unit.keyframe() && !t.isAfter(from)) {
            // a later clean point still at or before the start: the frames before it are not needed
            add(new ClipFileSequence.Truncate(), 0);
            frames -= openFrames;
            bytes -= openBytes;
            openFrames = 0;
            openBytes = 0;
            openFirstTime = null;
        }
        if (openFirstTime == null) {
            openFirstTime = t;
        } else {
            lastSpacing = Duration.between(lastWritten, t);
        }
        if (!t.isBefore(from)) preRoll = false;
        add(new ClipFileSequence.Frame(unit), unit.data().length());
        frames++;
        openFrames++;
        bytes += unit.data().length();
        openBytes += unit.data().length();
        lastWritten = t;
        lastTime = t;
        if (unit.endOfSection()) endSection();
        publishProgress();
        return batchBytes >= BATCH_BYTES ? flush() : Future.succeededFuture();
    }

    /** What has been written so far; cheap, any thread. */
    public ClipProgress progress() {
        return progress;
    }

    /** Capture time of the last frame written, or null: where a resumed replay starts from. */
    public Instant lastTime() {
        return lastTime;
    }

    /** Close the open clip and describe every clip written (hashes included). */
    public Future<List<Clip>> finish() {
        if (failure != null) return Future.failedFuture(failure);
        if (finished) return finishedError();
        if (open) endSection();
        finished = true;
        flush();
        return tail.map(v -> files.clips());
    }

    /** Close and delete every file this writer created (a cancelled or failed job). */
    public Future<Void> discard() {
        finished = true;
        if (failure == null) failure = new WardenException(ErrorCode.INTERNAL, "the clips were discarded");
        batch = new ArrayList<>();
        batchBytes = 0;
        Future<Void> after = tail.transform(ar -> Future.<Void>succeededFuture());
        tail = after.compose(v -> context.executeBlocking(() -> {
            files.deleteAll();
            return null;
        }, true));
        return tail;
    }

    private void openClip(boolean beforeStart) {
        clipNumber++;
        add(new ClipFileSequence.Open(baseName + "-" + clipNumber + ".mp4", entry), 0);
        clipFormat = format;
        open = true;
        preRoll = beforeStart;
        openFirstTime = null;
        openFrames = 0;
        openBytes = 0;
        lastSpacing = Duration.ZERO;
    }

    /** The open clip ends here; one that holds only pre-roll is not a clip of the window and goes. */
    private void endSection() {
        if (preRoll) {
            add(new ClipFileSequence.Abandon(), 0);
            clipNumber--;
            frames -= openFrames;
            bytes -= openBytes;
        } else {
            add(new ClipFileSequence.Close(), 0);
            closedCovered = closedCovered.plus(openCovered());
        }
        open = false;
        preRoll = false;
        openFirstTime = null;
        openFrames = 0;
        openBytes = 0;
        publishProgress();
    }

    private Duration openCovered() {
        if (!open || openFirstTime == null) return Duration.ZERO;
        return Duration.between(openFirstTime, lastWritten).plus(lastSpacing);
    }

    private void publishProgress() {
        progress = new ClipProgress(closedCovered.plus(preRoll ? Duration.ZERO : openCovered()), frames, bytes);
    }

    private void add(ClipFileSequence.Step step, int size) {
        batch.add(step);
        batchBytes += size;
    }

    /** Hands the batch to the worker; completes when the batch before it is written. */
    private Future<Void> flush() {
        if (batch.isEmpty()) return tail;
        List<ClipFileSequence.Step> steps = batch;
        batch = new ArrayList<>();
        batchBytes = 0;
        Future<Void> before = tail;
        tail = before.compose(v -> context.executeBlocking(() -> {
            files.run(steps);
            return null;
        }, true));
        tail.onFailure(t -> {
            if (failure == null) failure = t;
        });
        return before;
    }

    private Future<Void> fail(WardenException e) {
        if (failure == null) failure = e;
        return Future.failedFuture(e);
    }

    private static <T> Future<T> finishedError() {
        return Future.failedFuture(new WardenException(ErrorCode.INTERNAL, "the clip writer is already finished"));
    }

    /** Null when {@code data} is a sequence of 4-byte length-prefixed NAL units, else what is wrong. */
    static String badLengthPrefixes(Buffer data) {
        int n = data.length();
        if (n == 0) return "is empty";
        int i = 0;
        while (i < n) {
            if (n - i < 5) return "ends inside a NAL unit length prefix at byte " + i;
            long len = data.getUnsignedInt(i);
            if (len == 0 || len > n - i - 4) return "has a NAL unit length " + len + " at byte " + i + " past its " + n + " bytes";
            i += 4 + (int) len;
        }
        return null;
    }

    static boolean sameParameterSets(VideoFormat a, VideoFormat b) {
        return sameBytes(a.sps(), b.sps()) && sameBytes(a.pps(), b.pps());
    }

    private static boolean sameBytes(List<Buffer> a, List<Buffer> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i).getBytes(), b.get(i).getBytes())) return false;
        }
        return true;
    }
}
