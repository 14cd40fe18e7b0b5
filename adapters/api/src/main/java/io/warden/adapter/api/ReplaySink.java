package io.warden.adapter.api;

import io.vertx.core.Future;

/**
 * Where {@link Camera#replay} delivers a stream. Called on one Vert.x context thread, in order:
 * {@link #format} before the first access unit (again if the parameter sets change), then
 * {@link #accept} for each access unit. The adapter waits for each returned future before it reads
 * more from the device; a failed future stops the replay.
 */
public interface ReplaySink {

    /** The stream's codec configuration. */
    Future<Void> format(VideoFormat format);

    /** The next access unit. */
    Future<Void> accept(AccessUnit unit);
}
