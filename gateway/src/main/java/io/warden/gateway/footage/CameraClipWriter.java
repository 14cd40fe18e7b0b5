package io.warden.gateway.footage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ReplaySink;
import io.warden.adapter.api.VideoFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes one camera's footage for one window into playable MP4 clips, without re-encoding: one clip
 * per continuous section, so that a gap is a gap between files and never a frozen picture. Takes
 * the access units of one or more replays (a replay resumed after a dropped connection delivers
 * again what was already written: those are skipped). Memory stays bounded however long the window;
 * file I/O runs on worker threads, never on the event loop.
 * (STUB: signature fixed by the lead; the clip helper implements it.)
 */
public final class CameraClipWriter implements ReplaySink {

    /**
     * @param dir       where the clips go (exists)
     * @param baseName  file name stem, e.g. {@code cam-front}: clips are {@code cam-front-1.mp4}, ...
     * @param from      requested start: frames before the clean point at or before it are dropped
     * @param to        requested end: frames at or after it are dropped
     * @param gapAfter  two frames further apart than this (in capture time) are a gap, E bit or not
     */
    public CameraClipWriter(Vertx vertx, Path dir, String baseName, Instant from, Instant to, Duration gapAfter) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public Future<Void> format(VideoFormat format) {
        throw new UnsupportedOperationException("not built yet");
    }

    @Override
    public Future<Void> accept(AccessUnit unit) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** What has been written so far; cheap, any thread. */
    public ClipProgress progress() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Capture time of the last frame written, or null: where a resumed replay starts from. */
    public Instant lastTime() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Close the open clip and describe every clip written (hashes included). */
    public Future<List<Clip>> finish() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Close and delete every file this writer created (a cancelled or failed job). */
    public Future<Void> discard() {
        throw new UnsupportedOperationException("not built yet");
    }
}
