package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.AccessUnit;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MP4 clips from replayed access units, each reopened with ffprobe: codec, size, duration, frames, timestamps. */
class CameraClipWriterTest {
    static final Instant START = Instant.parse("2026-03-02T10:02:00Z");
    static final long BASE = 1_234_567; // the RTP clock never starts at 0

    @TempDir
    Path dir;

    final ClipFixture clip = new ClipFixture();
    Vertx vertx;
    ClipFixture.OnContext replay;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        replay = new ClipFixture.OnContext(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    CameraClipWriter writer(Instant from, Instant to) throws Exception {
        return replay.await(() -> io.vertx.core.Future.succeededFuture(
                new CameraClipWriter(vertx, dir, "cam-front", from, to, Duration.ofSeconds(2))));
    }

    @Test
    void aWholeRecordingBecomesOnePlayableClipWithExactTimestamps() throws Exception {
        CameraClipWriter w = writer(START, START.plusSeconds(4));
        replay.await(() -> w.format(clip.format));
        replay.feed(w, clip.units(START, BASE, 0, 45)); // frames from 4 s on are past the end
        List<Clip> clips = replay.await(w::finish);

        assertThat(clips).hasSize(1);
        Clip c = clips.get(0);
        assertThat(c.file()).isEqualTo("cam-front-1.mp4");
        assertThat(c.from()).isEqualTo(START);
        assertThat(c.to()).isEqualTo(START.plusSeconds(4));
        assertThat(c.frames()).isEqualTo(40);
        Path file = dir.resolve(c.file());
        assertThat(c.bytes()).isEqualTo(Files.size(file));
        assertThat(c.sha256()).isEqualTo(sha256sum(file));

        Ffprobe p = Ffprobe.of(file, true);
        assertThat(p.codec()).isEqualTo("h264");
        assertThat(p.width()).isEqualTo(320);
        assertThat(p.height()).isEqualTo(240);
        assertThat(p.duration()).isCloseTo(4.0, within(0.001));
        assertThat(p.decodedFrames()).isEqualTo(40);
        assertThat(p.timeBase()).isEqualTo("1/90000");
        assertThat(p.pts()).first().isEqualTo(0L);
        assertThat(p.pts()).last().isEqualTo(39 * 9000L);
        assertThat(p.keys()).containsExactly(Stream.iterate(0, i -> i + 1).limit(40).map(i -> i % 10 == 0).toArray(Boolean[]::new));

        ClipProgress progress = w.progress();
        assertThat(progress.frames()).isEqualTo(40);
        assertThat(progress.covered()).isEqualTo(Duration.ofSeconds(4));
        assertThat(w.lastTime()).isEqualTo(START.plusMillis(3900));
    }

    @Test
    void preRollStartsAtTheLastCleanPointBeforeTheWindowAndTheEndIsTrimmed() throws Exception {
        // window 2.35 s .. 3.05 s: keyframes at 0, 1 and 2 s are all before it; the one at 2 s is the clean point
        CameraClipWriter w = writer(START.plusMillis(2350), START.plusMillis(3050));
        replay.await(() -> w.format(clip.format));
        replay.feed(w, clip.units(START, BASE, 0, 39));
        List<Clip> clips = replay.await(w::finish);

        assertThat(clips).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(START.plusSeconds(2));
            assertThat(c.to()).isEqualTo(START.plusMillis(3100));
            assertThat(c.frames()).isEqualTo(11);
        });
        Ffprobe p = Ffprobe.of(dir.resolve("cam-front-1.mp4"), true);
        assertThat(p.decodedFrames()).isEqualTo(11);
        assertThat(p.duration()).isCloseTo(1.1, within(0.001));
        assertThat(p.keys().get(0)).isTrue();
        assertThat(p.pts()).first().isEqualTo(0L);
        assertThat(p.pts()).last().isEqualTo(10 * 9000L);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("cam-front-1.mp4");
        }
    }

    @Test
    void aReplayStartingMidGroupWaitsForAKeyframe() throws Exception {
        CameraClipWriter w = writer(START, START.plusSeconds(4));
        replay.await(() -> w.format(clip.format));
        replay.feed(w, clip.units(START, BASE, 3, 39));
        List<Clip> clips = replay.await(w::finish);
        assertThat(clips).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo(START.plusSeconds(1));
            assertThat(c.frames()).isEqualTo(30);
        });
    }

    @Test
    void aGapSplitsTheFootageIntoTwoClipsWithTheirOwnRanges() throws Exception {
        CameraClipWriter w = writer(START, START.plusSeconds(60));
        replay.await(() -> w.format(clip.format));
        // section 1: frames 0..14, the last with the E bit
        replay.feed(w, ClipFixture.units(0, 14, k -> clip.unit(START.plusMillis(100L * k), BASE + 9000L * k, k, k == 14)));
        // section 2 after a 5 s hole: the recording restarts with a keyframe (frame numbering goes on)
        Instant s2 = START.plusSeconds(7);
        replay.feed(w, ClipFixture.units(0, 19, k -> clip.unit(s2.plusMillis(100L * k), BASE + 9000L * (70 + k), k, false)));
        // section 3 after a 3 s jump with no E bit (more than gapAfter = 2 s); its first frames are no clean point
        Instant s3 = START.plusSeconds(12);
        replay.feed(w, ClipFixture.units(5, 24, k -> clip.unit(s3.plusMillis(100L * k), BASE + 9000L * (120 + k), k, false)));
        List<Clip> clips = replay.await(w::finish);

        assertThat(clips).extracting(Clip::file).containsExactly("cam-front-1.mp4", "cam-front-2.mp4", "cam-front-3.mp4");
        assertThat(clips.get(0).from()).isEqualTo(START);
        assertThat(clips.get(0).to()).isEqualTo(START.plusMillis(1500));
        assertThat(clips.get(0).frames()).isEqualTo(15);
        assertThat(clips.get(1).from()).isEqualTo(s2);
        assertThat(clips.get(1).to()).isEqualTo(s2.plusSeconds(2));
        assertThat(clips.get(2).from()).isEqualTo(s3.plusSeconds(1)); // frames 5..9 dropped: no keyframe before them
        assertThat(clips.get(2).to()).isEqualTo(s3.plusMillis(2500));
        assertThat(clips.get(2).frames()).isEqualTo(15);
        assertThat(w.progress().covered()).isEqualTo(Duration.ofMillis(1500 + 2000 + 1500));
        assertThat(w.progress().frames()).isEqualTo(15 + 20 + 15);
        for (Clip c : clips) {
            Ffprobe p = Ffprobe.of(dir.resolve(c.file()), true);
            assertThat(p.decodedFrames()).isEqualTo(c.frames());
            assertThat(p.duration()).isCloseTo(Duration.between(c.from(), c.to()).toMillis() / 1000.0, within(0.001));
        }
    }

    @Test
    void aResumedReplayDeliversAgainWhatWasWrittenAndOnlyTheRestIsKept() throws Exception {
        CameraClipWriter w = writer(START, START.plusSeconds(4));
        replay.await(() -> w.format(clip.format));
        replay.feed(w, clip.units(START, BASE, 0, 24));
        assertThat(w.lastTime()).isEqualTo(START.plusMillis(2400));
        // the connection dropped; the new session starts at the clean point before 2.4 s, on a new RTP clock
        replay.await(() -> w.format(clip.format));
        replay.feed(w, clip.units(START, 987_000_000L, 20, 39));
        List<Clip> clips = replay.await(w::finish);

        assertThat(clips).singleElement().satisfies(c -> {
            assertThat(c.frames()).isEqualTo(40);
            assertThat(c.to()).isEqualTo(START.plusSeconds(4));
        });
        Ffprobe p = Ffprobe.of(dir.resolve("cam-front-1.mp4"), true);
        assertThat(p.decodedFrames()).isEqualTo(40);
        assertThat(p.pts()).containsExactly(Stream.iterate(0L, t -> t + 9000).limit(40).toArray(Long[]::new));
    }

    @Test
    void newParameterSetsStartANewClip() throws Exception {
        CameraClipWriter w = writer(START, START.plusSeconds(4));
        replay.await(() -> w.format(clip.format));
        replay.feed(w, clip.units(START, BASE, 0, 19));
        Buffer otherPps = clip.format.pps().get(0).copy();
        io.warden.adapter.api.VideoFormat changed = new io.warden.adapter.api.VideoFormat(clip.format.sps(),
                List.of(clip.format.pps().get(0), otherPps));
        replay.await(() -> w.format(changed));
        replay.feed(w, clip.units(START, BASE, 20, 39));
        List<Clip> clips = replay.await(w::finish);
        assertThat(clips).extracting(Clip::frames).containsExactly(20L, 20L);
        assertThat(clips.get(0).to()).isEqualTo(clips.get(1).from());
    }

    @Test
    void badInputIsRefusedWithACode() throws Exception {
        CameraClipWriter w = writer(START, START.plusSeconds(4));
        assertThatThrownBy(() -> replay.await(() -> w.accept(clip.unit(START, BASE, 0))))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR))
                .hasMessageContaining("before the stream's format");
        replay.await(() -> w.format(clip.format));
        AccessUnit broken = new AccessUnit(START, BASE, true, false, Buffer.buffer().appendInt(500).appendBytes(new byte[20]));
        assertThatThrownBy(() -> replay.await(() -> w.accept(broken)))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR))
                .hasMessageContaining("NAL unit length 500");
    }

    static String sha256sum(Path file) throws Exception {
        Process p = new ProcessBuilder("sha256sum", file.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        return out.substring(0, 64);
    }
}
