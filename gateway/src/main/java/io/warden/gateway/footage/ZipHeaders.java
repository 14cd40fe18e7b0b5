package io.warden.gateway.footage;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The headers of a zip file with STORED (uncompressed) entries whose sizes and CRC-32s are known
 * before the data is written (PKWARE APPNOTE 6.3: 4.3.7 local header, 4.3.12 central directory,
 * 4.3.16 end record, 4.5.3 ZIP64 extra field, 4.3.14/4.3.15 ZIP64 end record and locator). ZIP64
 * fields are used where a size or offset does not fit 32 bits. Pure: bytes out, no I/O.
 *
 * <pre>
 *   [local header 1][data 1] ... [local header n][data n] [central header 1..n] [zip64 end + locator]? [end]
 * </pre>
 */
final class ZipHeaders {
    private static final long MAX32 = 0xFFFFFFFFL;
    private static final int UTF8_NAMES = 1 << 11;

    /**
     * One entry.
     *
     * @param name    its path in the zip ({@code /}-separated)
     * @param size    its size in bytes (stored: compressed = uncompressed)
     * @param crc     its CRC-32
     * @param mtime   last modification, UTC, written as MS-DOS date and time
     * @param offset  where its local header starts in the zip
     * @param zip64   sizes and offset go in a ZIP64 extra field
     */
    record Entry(String name, long size, long crc, LocalDateTime mtime, long offset, boolean zip64) {
        Entry {
            if (!zip64 && (size >= MAX32 || offset >= MAX32)) throw new IllegalArgumentException("entry " + name + " needs ZIP64");
        }

        byte[] nameBytes() {
            return name.getBytes(StandardCharsets.UTF_8);
        }

        long localHeaderSize() {
            return 30 + nameBytes().length + (zip64 ? 20 : 0);
        }

        long centralHeaderSize() {
            return 46 + nameBytes().length + (zip64 ? 28 : 0);
        }
    }

    private ZipHeaders() {}

    /** True when an entry of {@code size} at {@code offset} needs ZIP64 fields. */
    static boolean needsZip64(long size, long offset) {
        return size >= MAX32 || offset >= MAX32;
    }

    static Buffer localHeader(Entry e) {
        byte[] name = e.nameBytes();
        Buffer b = Buffer.buffer((int) e.localHeaderSize());
        b.appendIntLE(0x04034b50);
        b.appendShortLE((short) (e.zip64() ? 45 : 10)); // version needed
        b.appendShortLE((short) UTF8_NAMES);
        b.appendShortLE((short) 0); // stored
        appendDosTime(b, e.mtime());
        b.appendIntLE((int) e.crc());
        b.appendIntLE((int) (e.zip64() ? MAX32 : e.size()));
        b.appendIntLE((int) (e.zip64() ? MAX32 : e.size()));
        b.appendShortLE((short) name.length);
        b.appendShortLE((short) (e.zip64() ? 20 : 0));
        b.appendBytes(name);
        if (e.zip64()) {
            b.appendShortLE((short) 0x0001).appendShortLE((short) 16);
            b.appendLongLE(e.size()).appendLongLE(e.size());
        }
        return b;
    }

    /** The central directory and the end records, for entries whose data ends at {@code cdOffset}. */
    static Buffer centralDirectory(List<Entry> entries, long cdOffset) {
        Buffer b = Buffer.buffer();
        for (Entry e : entries) {
            byte[] name = e.nameBytes();
            b.appendIntLE(0x02014b50);
            b.appendShortLE((short) 45); // made by: 4.5
            b.appendShortLE((short) (e.zip64() ? 45 : 10));
            b.appendShortLE((short) UTF8_NAMES);
            b.appendShortLE((short) 0);
            appendDosTime(b, e.mtime());
            b.appendIntLE((int) e.crc());
            b.appendIntLE((int) (e.zip64() ? MAX32 : e.size()));
            b.appendIntLE((int) (e.zip64() ? MAX32 : e.size()));
            b.appendShortLE((short) name.length);
            b.appendShortLE((short) (e.zip64() ? 28 : 0));
            b.appendShortLE((short) 0); // comment
            b.appendShortLE((short) 0); // disk
            b.appendShortLE((short) 0); // internal attributes
            b.appendIntLE(0644 << 16); // external attributes: a regular file, rw-r--r-- (Unix)
            b.appendIntLE((int) (e.zip64() ? MAX32 : e.offset()));
            b.appendBytes(name);
            if (e.zip64()) {
                b.appendShortLE((short) 0x0001).appendShortLE((short) 24);
                b.appendLongLE(e.size()).appendLongLE(e.size()).appendLongLE(e.offset());
            }
        }
        long cdSize = b.length();
        boolean zip64 = entries.size() >= 0xFFFF || cdOffset >= MAX32 || cdSize >= MAX32 || entries.stream().anyMatch(Entry::zip64);
        if (zip64) {
            long zip64End = cdOffset + cdSize;
            b.appendIntLE(0x06064b50).appendLongLE(44);
            b.appendShortLE((short) 45).appendShortLE((short) 45);
            b.appendIntLE(0).appendIntLE(0);
            b.appendLongLE(entries.size()).appendLongLE(entries.size());
            b.appendLongLE(cdSize).appendLongLE(cdOffset);
            b.appendIntLE(0x07064b50).appendIntLE(0).appendLongLE(zip64End).appendIntLE(1);
        }
        b.appendIntLE(0x06054b50);
        b.appendShortLE((short) 0).appendShortLE((short) 0);
        int count = zip64 ? 0xFFFF : entries.size();
        b.appendShortLE((short) count).appendShortLE((short) count);
        b.appendIntLE((int) (zip64 ? MAX32 : cdSize));
        b.appendIntLE((int) (zip64 ? MAX32 : cdOffset));
        b.appendShortLE((short) 0);
        return b;
    }

    /** Size of {@link #centralDirectory} without building it. */
    static long centralDirectorySize(List<Entry> entries, long cdOffset) {
        long cdSize = 0;
        for (Entry e : entries) cdSize += e.centralHeaderSize();
        boolean zip64 = entries.size() >= 0xFFFF || cdOffset >= MAX32 || cdSize >= MAX32 || entries.stream().anyMatch(Entry::zip64);
        return cdSize + (zip64 ? 56 + 20 : 0) + 22;
    }

    private static void appendDosTime(Buffer b, LocalDateTime t) {
        LocalDateTime d = t.getYear() < 1980 ? LocalDateTime.of(1980, 1, 1, 0, 0) : t;
        int time = d.getHour() << 11 | d.getMinute() << 5 | d.getSecond() / 2;
        int date = (d.getYear() - 1980) << 9 | d.getMonthValue() << 5 | d.getDayOfMonth();
        b.appendShortLE((short) time).appendShortLE((short) date);
    }

    static LocalDateTime utc(java.time.Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
