package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gaps are the window minus what the clips cover: at the start, between clips, at the end. */
class RangesTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static Clip clip(int from, int to) {
        return new Clip("c.mp4", T.plusSeconds(from), T.plusSeconds(to), 1, 1, "00");
    }

    private static CameraJob.Range r(int from, int to) {
        return new CameraJob.Range(T.plusSeconds(from), T.plusSeconds(to));
    }

    @Test
    void coveredIsClippedToTheWindowAndMerged() {
        List<CameraJob.Range> covered = Ranges.covered(List.of(clip(-5, 10), clip(10, 20), clip(30, 70)), T, T.plusSeconds(60));
        assertThat(covered).containsExactly(r(0, 20), r(30, 60));
        assertThat(Ranges.gaps(covered, T, T.plusSeconds(60))).containsExactly(r(20, 30));
    }

    @Test
    void gapsAtBothEndsAndAnEmptyCamera() {
        List<CameraJob.Range> covered = Ranges.covered(List.of(clip(10, 20)), T, T.plusSeconds(60));
        assertThat(Ranges.gaps(covered, T, T.plusSeconds(60))).containsExactly(r(0, 10), r(20, 60));
        assertThat(Ranges.gaps(List.of(), T, T.plusSeconds(60))).containsExactly(r(0, 60));
    }
}
