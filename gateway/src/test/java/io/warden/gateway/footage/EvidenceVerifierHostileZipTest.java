package io.warden.gateway.footage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verifier is run on whatever someone hands over: a zip whose entries climb out of the package,
 * name a file twice, or expand far beyond their bytes (a zip bomb) must fail, and must fail without
 * reading gigabytes.
 */
class EvidenceVerifierHostileZipTest {
    @TempDir
    Path data;

    /** The sealed fixture's files as (name, bytes), in package order. */
    private List<Object[]> packageFiles() throws Exception {
        Path dir = data.resolve("evidence/f-1");
        EvidenceFixture.sealed(dir, EvidenceKey.loadOrCreate(data));
        List<Object[]> out = new ArrayList<>();
        for (String name : EvidencePackage.files(dir)) out.add(new Object[] {"f-1/" + name, Files.readAllBytes(dir.resolve(name))});
        return out;
    }

    /** A stored zip written header by header, so it can say what ZipOutputStream would refuse to. */
    private static final class RawZip {
        final Buffer body = Buffer.buffer();
        final List<ZipHeaders.Entry> central = new ArrayList<>();

        ZipHeaders.Entry add(String name, byte[] bytes) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            ZipHeaders.Entry e = new ZipHeaders.Entry(name, bytes.length, crc.getValue(), ZipHeaders.utc(Instant.now()), body.length(), false);
            body.appendBuffer(ZipHeaders.localHeader(e)).appendBytes(bytes);
            central.add(e);
            return e;
        }

        Path write(Path file) throws Exception {
            Buffer all = body.copy().appendBuffer(ZipHeaders.centralDirectory(central, body.length()));
            return Files.write(file, all.getBytes());
        }
    }

    @Test
    void anEntryThatClimbsOutOfThePackageFailsIt() throws Exception {
        RawZip z = new RawZip();
        for (Object[] f : packageFiles()) z.add((String) f[0], (byte[]) f[1]);
        z.add("f-1/../../etc/cron.d/evil", "x".getBytes());
        EvidenceVerification v = EvidenceVerifier.verify(z.write(data.resolve("climb.zip")), null);
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("f-1/../../etc/cron.d/evil");
            assertThat(p.reason()).contains("outside the package");
        });
    }

    @Test
    void aClipInTheZipTwiceFailsItWhicheverCopyAToolWouldExtract() throws Exception {
        RawZip z = new RawZip();
        for (Object[] f : packageFiles()) z.add((String) f[0], (byte[]) f[1]);
        z.add("f-1/cam-front-1.mp4", "another picture".getBytes());
        EvidenceVerification v = EvidenceVerifier.verify(z.write(data.resolve("twice.zip")), null);
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("f-1/cam-front-1.mp4");
            assertThat(p.reason()).contains("twice");
        });
    }

    @Test
    void overlappingEntriesThatClaimMoreThanTheFileHoldsAreRefusedUnread() throws Exception {
        RawZip z = new RawZip();
        for (Object[] f : packageFiles()) z.add((String) f[0], (byte[]) f[1]);
        ZipHeaders.Entry big = z.add("f-1/cam-big-1.mp4", new byte[4 << 20]);
        // 2000 more names for the same 4 MiB: 8 GB to read from a 4 MiB file
        for (int i = 2; i < 2002; i++) {
            z.central.add(new ZipHeaders.Entry("f-1/cam-big-" + i + ".mp4", big.size(), big.crc(), big.mtime(), big.offset(), false));
        }
        Path file = z.write(data.resolve("overlap.zip"));
        long t0 = System.nanoTime();
        EvidenceVerification v = EvidenceVerifier.verify(file, null);
        assertThat(System.nanoTime() - t0).as("refused without reading 8 GB").isLessThan(10_000_000_000L);
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p.reason()).contains("more bytes than the file holds"));
    }

    @Test
    void anEntryThatInflatesFarBeyondItsSizeIsRefusedUnread() throws Exception {
        Path file = data.resolve("bomb.zip");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Object[] f : packageFiles()) {
                zip.putNextEntry(new ZipEntry((String) f[0]));
                zip.write((byte[]) f[1]);
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("f-1/cam-zero-1.mp4"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) zip.write(zeros); // 64 MiB of zeros deflate to ~64 KiB
            zip.closeEntry();
        }
        EvidenceVerification v = EvidenceVerifier.verify(file, null);
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("f-1/cam-zero-1.mp4");
            assertThat(p.reason()).contains("zip bomb");
        });
    }

    @Test
    void aPackageRezippedWithDeflateStillVerifies() throws Exception {
        Path file = data.resolve("deflated.zip");
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Object[] f : packageFiles()) {
                zip.putNextEntry(new ZipEntry((String) f[0]));
                zip.write((byte[]) f[1]);
                zip.closeEntry();
            }
        }
        EvidenceVerification v = EvidenceVerifier.verify(file, null);
        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
    }
}
