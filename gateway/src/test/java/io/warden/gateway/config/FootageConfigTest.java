package io.warden.gateway.config;

import static io.warden.gateway.config.GatewayConfigTest.OSDP;
import static io.warden.gateway.config.GatewayConfigTest.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.WardenException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code footage:} section and camera types: defaults, and problems that name their path. */
class FootageConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsWhenAbsent() {
        FootageConfig f = ConfigLoader.parse(minimal(""), "t", OSDP, Map.of(), dir).footage();
        assertThat(f.maxWindow()).isEqualTo(Duration.ofMinutes(240));
        assertThat(f.camerasInParallel()).isEqualTo(4);
        assertThat(f.sessionsPerRecorder()).isEqualTo(2);
        assertThat(f.gap()).isEqualTo(Duration.ofSeconds(2));
        assertThat(f.resumeAttempts()).isEqualTo(3);
        assertThat(f.reserveBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(f.autoCapture().enabled()).isTrue();
        assertThat(f.autoCapture().on()).containsExactly("door.forced", "door.held_open", "lockdown.started");
        assertThat(f.autoCapture().before()).isEqualTo(Duration.ofSeconds(60));
        assertThat(f.autoCapture().after()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void valuesAreRead() {
        FootageConfig f = ConfigLoader.parse(minimal("footage: {maxWindowMinutes: 30, reserveMegabytes: 0, autoCapture: {on: [door.forced], afterSeconds: 5}}\n"),
                "t", OSDP, Map.of(), dir).footage();
        assertThat(f.maxWindowMinutes()).isEqualTo(30);
        assertThat(f.reserveBytes()).isZero();
        assertThat(f.autoCapture().on()).containsExactly("door.forced");
        assertThat(f.autoCapture().afterSeconds()).isEqualTo(5);
    }

    @Test
    void everyProblemNamesItsPath() {
        String yaml = minimal("""
                footage:
                  maxWindowMinutes: 0
                  camerasInParallel: 100
                  sessionsPerRecorder: 0
                  gapSeconds: 0
                  resumeAttempts: -1
                  reserveMegabytes: -5
                  autoCapture: {on: [door.opened], beforeSeconds: 4000, afterSeconds: -1, colour: red}
                  retention: 5
                cameras: [{id: cam1, site: s1, type: hikvision}]
                """);
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "bad.yaml", OSDP, Map.of(), dir)).isInstanceOf(WardenException.class)
                .satisfies(e -> {
                    List<String> lines = e.getMessage().lines().toList();
                    assertThat(lines).anyMatch(l -> l.startsWith("footage.maxWindowMinutes: must be between 1 and 1440"))
                            .anyMatch(l -> l.startsWith("footage.camerasInParallel: must be between 1 and 64"))
                            .anyMatch(l -> l.startsWith("footage.sessionsPerRecorder:"))
                            .anyMatch(l -> l.startsWith("footage.gapSeconds:"))
                            .anyMatch(l -> l.startsWith("footage.resumeAttempts:"))
                            .anyMatch(l -> l.startsWith("footage.reserveMegabytes:"))
                            .anyMatch(l -> l.startsWith("footage.autoCapture.on[0]: 'door.opened' is not a trigger"))
                            .anyMatch(l -> l.startsWith("footage.autoCapture.beforeSeconds:"))
                            .anyMatch(l -> l.startsWith("footage.autoCapture.afterSeconds:"))
                            .anyMatch(l -> l.contains("colour") && l.contains("unknown"))
                            .anyMatch(l -> l.contains("retention") && l.contains("unknown"))
                            .anyMatch(l -> l.startsWith("cameras[0].type: no adapter 'hikvision'"));
                });
    }
}
