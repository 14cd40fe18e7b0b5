package io.warden.gateway.people;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One import file read by the rules both formats share: UTF-8 (a leading byte-order mark ignored),
 * RFC 4180 quoting, a header row whose names are case-sensitive, at least one row, every row as many
 * fields as the header, no line break inside a field. Blank lines are skipped; values are stripped of
 * surrounding blanks. Columns are looked up by name, so columns a format does not use (extensions at
 * the right) are ignored. Every rule broken is added to the problems with its line and column.
 */
final class CsvTable {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    private static final Pattern START_LINE = Pattern.compile("startline (\\d+)");

    /** A data row: its 1-based line in the file (the header is line 1) and its values. */
    record Row(int line, List<String> values) {}

    final String file;
    final List<Row> rows;
    private final Map<String, Integer> columns;

    private CsvTable(String file, List<String> header, List<Row> rows) {
        this.file = file;
        this.rows = rows;
        Map<String, Integer> c = new HashMap<>();
        for (int i = 0; i < header.size(); i++) c.putIfAbsent(header.get(i), i);
        this.columns = c;
    }

    /**
     * Reads {@code bytes}; null when the file cannot be read as a table at all (not UTF-8, bad quoting,
     * no header, no rows), with the problem added. Rows with a problem are left out of the table.
     */
    static CsvTable read(String file, byte[] bytes, ImportProblems problems) {
        int problemsBefore = problems.count();
        String text = decode(file, bytes, problems);
        if (text == null) return null;
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            for (CSVRecord record : parser) {
                int breaks = 0;
                for (String v : record) breaks += lineBreaks(v);
                int line = (int) parser.getCurrentLineNumber() - breaks;
                if (header == null) {
                    header = header(file, record.toList(), problems);
                    if (header == null) return null;
                    continue;
                }
                Row row = row(file, header, line, record.toList(), problems);
                if (row != null) rows.add(row);
            }
        } catch (UncheckedIOException | IOException e) {
            Matcher m = START_LINE.matcher(String.valueOf(e.getMessage()));
            int line = m.find() ? Integer.parseInt(m.group(1)) : 0;
            problems.add(file, line, null, "bad quoting: a quoted field is not closed, or a quote is followed by more text ("
                    + "a quote inside a quoted field is written twice: \"\")");
            return null;
        }
        if (header == null) {
            problems.add(file, 0, null, "the file is empty: a header row is required");
            return null;
        }
        if (rows.isEmpty() && problems.count() == problemsBefore) {
            problems.add(file, 0, null, "the file has a header but no rows");
            return null;
        }
        return new CsvTable(file, header, rows);
    }

    /** Index of column {@code name}, -1 when the header does not have it. */
    int column(String name) {
        return columns.getOrDefault(name, -1);
    }

    boolean has(String name) {
        return columns.containsKey(name);
    }

    /** Adds one problem (line 1) for each of {@code names} the header lacks; true when none is missing. */
    boolean require(ImportProblems problems, String... names) {
        boolean ok = true;
        for (String n : names) {
            if (!has(n)) {
                problems.add(file, 1, n, "required column '" + n + "' is missing from the header");
                ok = false;
            }
        }
        return ok;
    }

    /** The value of {@code column} (an index from {@link #column}) in {@code row}; "" when the column is absent. */
    static String value(Row row, int column) {
        return column < 0 ? "" : row.values().get(column);
    }

    private static List<String> header(String file, List<String> names, ImportProblems problems) {
        List<String> header = new ArrayList<>(names.size());
        boolean ok = true;
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).strip();
            if (n.isEmpty()) {
                problems.add(file, 1, null, "header column " + (i + 1) + " has no name");
                ok = false;
            } else if (header.contains(n)) {
                problems.add(file, 1, n, "column '" + n + "' appears twice in the header");
                ok = false;
            } else if (lineBreaks(n) > 0) {
                problems.add(file, 1, null, "a line break inside a header name");
                ok = false;
            }
            header.add(n);
        }
        return ok ? header : null;
    }

    private static Row row(String file, List<String> header, int line, List<String> values, ImportProblems problems) {
        if (values.size() != header.size()) {
            problems.add(file, line, null, "the row has " + values.size() + " fields, the header " + header.size()
                    + " (a comma in a value must be inside double quotes)");
            return null;
        }
        List<String> stripped = new ArrayList<>(values.size());
        boolean ok = true;
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            if (lineBreaks(v) > 0) {
                problems.add(file, line, header.get(i), "a line break inside a field is not allowed");
                ok = false;
            }
            stripped.add(v.strip());
        }
        return ok ? new Row(line, stripped) : null;
    }

    /** Line breaks as the parser counts lines: CR LF, CR or LF each one. */
    private static int lineBreaks(String v) {
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == v.length() || v.charAt(i + 1) != '\n'))) n++;
        }
        return n;
    }

    /** UTF-8 without its byte-order mark; null (with a problem naming the line and byte) when not UTF-8. */
    private static String decode(String file, byte[] bytes, ImportProblems problems) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = start; i < at; i++) if (bytes[i] == '\n') line++;
            problems.add(file, line, null, "not UTF-8: byte 0x%02X at offset %d (save the file as UTF-8)".formatted(bytes[at] & 0xff, at));
            return null;
        }
        return out.flip().toString();
    }
}
