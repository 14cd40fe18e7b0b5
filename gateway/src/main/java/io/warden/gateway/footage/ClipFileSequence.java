package io.warden.gateway.footage;

import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocking half of {@link CameraClipWriter}: carries out, on a worker thread, the steps the
 * event-loop half decided (open a clip, add a frame, drop the pre-roll, close a clip), one batch at a
 * time. Batches run strictly one after another (the writer chains them), so there is no locking.
 */
final class ClipFileSequence {

    /** One step for the worker. */
    sealed interface Step permits Open, Frame, Truncate, Close, Abandon {}

    /** Start the file {@code name} for a section in {@code format}. */
    record Open(String name, Mp4AvcSampleEntry entry) implements Step {}

    /** Append a frame to the open file. */
    record Frame(AccessUnit unit) implements Step {}

    /** Drop every frame of the open file (a later clean point before the window came). */
    record Truncate() implements Step {}

    /** Finish the open file and keep it. */
    record Close() implements Step {}

    /** Delete the open file: it held only pre-roll, no frame of the window. */
    record Abandon() implements Step {}

    private final Path dir;
    private final Mp4ClipFile.StorageGuard guard;
    private final List<Clip> clips = new ArrayList<>();
    private final List<Path> created = new ArrayList<>();
    private Mp4ClipFile open;

    ClipFileSequence(Path dir, Mp4ClipFile.StorageGuard guard) {
        this.dir = dir;
        this.guard = guard;
    }

    /** Runs {@code steps} in order; blocking. */
    void run(List<Step> steps) {
        try {
            for (Step s : steps) step(s);
        } catch (IOException e) {
            throw storageError(e);
        }
    }

    private void step(Step s) throws IOException {
        if (s instanceof Frame f) {
            open.append(f.unit());
        } else if (s instanceof Open o) {
            Path file = dir.resolve(o.name());
            created.add(file);
            open = Mp4ClipFile.create(file, o.entry(), guard);
        } else if (s instanceof Truncate) {
            open.truncate();
        } else if (s instanceof Close) {
            Mp4ClipFile f = open;
            open = null;
            clips.add(f.close());
        } else if (s instanceof Abandon) {
            Mp4ClipFile f = open;
            open = null;
            created.remove(f.path());
            f.delete();
        }
    }

    /** The clips closed so far, in order. */
    List<Clip> clips() {
        return List.copyOf(clips);
    }

    /** Closes the open file, if any, and deletes every file created; blocking, best effort, idempotent. */
    void deleteAll() {
        IOException first = null;
        if (open != null) {
            try {
                open.delete();
            } catch (IOException e) {
                first = e;
            }
            open = null;
        }
        for (Path p : created) {
            try {
                java.nio.file.Files.deleteIfExists(p);
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        created.clear();
        clips.clear();
        if (first != null) throw storageError(first);
    }

    /** A full disk is STORAGE_FULL (a job can say so); any other I/O failure is INTERNAL and names the file. */
    static WardenException storageError(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("Disk quota exceeded") || m.contains("There is not enough space")) {
            return new WardenException(ErrorCode.STORAGE_FULL, "no space left to write the clips: " + m, e);
        }
        return new WardenException(ErrorCode.INTERNAL, "cannot write the clips: " + e, e);
    }
}
