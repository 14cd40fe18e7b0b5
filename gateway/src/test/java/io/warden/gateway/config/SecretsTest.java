package io.warden.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
    static final String FILE_VALUE = "0011223344556677889900aabbccddee";
    static final String ENV_VALUE = "ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    @Test
    void environmentWinsOverFileThenFallback() throws Exception {
        Path file = Files.writeString(dir.resolve("secrets.yaml"), """
                PD1_SCBK: %s
                PD2_SCBK: %s
                DIGITS: 00123
                """.formatted(FILE_VALUE, FILE_VALUE));
        Secrets s = Secrets.load(file, Map.of("PD1_SCBK", ENV_VALUE, "EMPTY", ""))
                .withFallback(Map.of("PD2_SCBK", "fallback", "DEMO", "demo-key"));
        assertThat(s.secret("PD1_SCBK")).contains(ENV_VALUE);
        assertThat(s.secret("PD2_SCBK")).contains(FILE_VALUE);
        assertThat(s.secret("DIGITS")).contains("00123"); // as written, not a number
        assertThat(s.secret("DEMO")).contains("demo-key");
        assertThat(s.secret("UNKNOWN")).isEmpty();
        assertThat(s.secret("EMPTY")).isEmpty();
        assertThat(s.secret(null)).isEmpty();
        assertThat(s.file()).contains(file);
        assertThat(s.toString()).doesNotContain(ENV_VALUE, FILE_VALUE, "demo-key", "00123").contains(file.toString());
    }

    @Test
    void valuesNeverInErrors() throws Exception {
        String secret = "s3cr3t-do-not-print";
        assertRefused(Files.writeString(dir.resolve("nested.yaml"), "A: {inner: " + secret + "}\n"), secret, "entry 'A' must be a single value");
        assertRefused(Files.writeString(dir.resolve("syntax.yaml"), "A: " + secret + "\n  B: [" + secret + "\n"), secret, "not valid YAML");
        assertRefused(Files.writeString(dir.resolve("list.yaml"), "- " + secret + "\n"), secret, "must be a mapping");
        assertRefused(Files.writeString(dir.resolve("twice.yaml"), "A: " + secret + "\nA: x\n"), secret, "entry 'A' appears twice");
        assertRefused(dir.resolve("absent.yaml"), secret, "no such file");
    }

    private static void assertRefused(Path file, String secret, String problem) {
        assertThatThrownBy(() -> Secrets.load(file, Map.of()))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageStartingWith("secretsFile: " + file + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.toString()).doesNotContain(secret));
    }

    @Test
    void noFileMeansEnvironmentOnly() {
        Secrets s = Secrets.of(Map.of("A", "1"));
        assertThat(s.secret("A")).contains("1");
        assertThat(s.file()).isEmpty();
        assertThat(s.toString()).doesNotContain("=1");
    }

    @Test
    void emptyFileHasNoSecrets() throws Exception {
        Secrets s = Secrets.load(Files.writeString(dir.resolve("empty.yaml"), ""), Map.of());
        assertThat(s.secret("A")).isEmpty();
    }
}
