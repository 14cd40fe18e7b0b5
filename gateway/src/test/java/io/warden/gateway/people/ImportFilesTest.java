package io.warden.gateway.people;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportFilesTest {
    @TempDir
    Path tmp;

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(Runnable r) {
        WardenException e = assertThrows(WardenException.class, r::run);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        return e.getMessage();
    }

    @Test
    void topLevelCsvEntriesByName() throws IOException {
        Map<String, byte[]> in = new LinkedHashMap<>();
        in.put("manifest.csv", bytes("propertyName,value\n"));
        in.put("users.csv", bytes("u"));
        in.put("orgs.csv", bytes("o"));
        in.put("readme.txt", bytes("not csv"));
        Map<String, byte[]> files = ImportFiles.fromZip(zip(in));
        assertEquals(List.of("manifest.csv", "users.csv", "orgs.csv"), List.copyOf(files.keySet()));
        assertArrayEquals(bytes("u"), files.get("users.csv"));
        assertEquals("oneroster", ImportFiles.formatOf(files));
    }

    @Test
    void oneFolderIsFineAndMacMetadataIsSkipped() throws IOException {
        Map<String, byte[]> in = new LinkedHashMap<>();
        in.put("export-2026-09/", new byte[0]);
        in.put("export-2026-09/users.csv", bytes("u"));
        in.put("__MACOSX/export-2026-09/._users.csv", bytes("junk"));
        in.put("export-2026-09/.hidden.csv", bytes("junk"));
        assertEquals(List.of("users.csv"), List.copyOf(ImportFiles.fromZip(zip(in)).keySet()));
    }

    @Test
    void csvInTwoFoldersIsRefused() throws IOException {
        String m = refusal(() -> ImportFiles.fromZip(uncheck(() -> zip(Map.of("a/users.csv", bytes("u"), "b/orgs.csv", bytes("o"))))));
        assertTrue(m.contains("more than one folder"), m);
    }

    @Test
    void dotDotEntriesAreRefused() {
        String m = refusal(() -> ImportFiles.fromZip(uncheck(() -> zip(Map.of("../../etc/users.csv", bytes("u"))))));
        assertTrue(m.contains("'../../etc/users.csv' points outside"), m);
    }

    @Test
    void moreThan64EntriesAreRefused() throws IOException {
        Map<String, byte[]> in = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) in.put("f" + i + ".csv", bytes("x"));
        assertTrue(refusal(() -> ImportFiles.fromZip(uncheck(() -> zip(in)))).contains("more than 64 entries"));
        in.remove("f64.csv");
        assertEquals(64, ImportFiles.fromZip(zip(in)).size());
    }

    @Test
    void aZipBombIsRefusedAsItIsRead() throws IOException {
        byte[] zeros = new byte[33 * 1024 * 1024]; // compresses to a few tens of KiB
        byte[] bomb = zip(Map.of("users.csv", zeros, "orgs.csv", zeros));
        assertTrue(bomb.length < 1024 * 1024, "a small zip");
        String m = refusal(() -> ImportFiles.fromZip(bomb));
        assertTrue(m.contains("unpacks to more than 67108864 bytes (at entry 'orgs.csv')") || m.contains("(at entry 'users.csv')"), m);
    }

    @Test
    void notAZipIsRefused() {
        assertTrue(refusal(() -> ImportFiles.fromZip(bytes("id,name\n"))).contains("not a zip"));
    }

    @Test
    void aZipWithoutCsvIsRefused() {
        assertTrue(refusal(() -> ImportFiles.fromZip(uncheck(() -> zip(Map.of("a.txt", bytes("x")))))).contains("no .csv files"));
    }

    @Test
    void fromPathTakesAFolderAUsersCsvWithItsSiblingsAZipOrAPlainCsv() throws IOException {
        Path export = Files.createDirectory(tmp.resolve("export"));
        Files.write(export.resolve("users.csv"), bytes("u"));
        Files.write(export.resolve("orgs.csv"), bytes("o"));
        Files.write(export.resolve("roles.csv"), bytes("r"));
        Files.write(export.resolve("classes.csv"), bytes("c"));
        assertEquals(List.of("users.csv", "orgs.csv", "roles.csv"), List.copyOf(ImportFiles.fromPath(export).keySet()));
        assertEquals(List.of("users.csv", "orgs.csv", "roles.csv"), List.copyOf(ImportFiles.fromPath(export.resolve("users.csv")).keySet()));

        Path z = tmp.resolve("roster.zip");
        Files.write(z, zip(Map.of("users.csv", bytes("u"))));
        assertEquals(List.of("users.csv"), List.copyOf(ImportFiles.fromPath(z).keySet()));

        Path visitors = tmp.resolve("visitors.csv");
        Files.write(visitors, bytes("id\nv-1\n"));
        Map<String, byte[]> plain = ImportFiles.fromPath(visitors);
        assertEquals(List.of("visitors.csv"), List.copyOf(plain.keySet()));
        assertEquals("csv", ImportFiles.formatOf(plain));
    }

    @Test
    void fromPathErrorsNameTheFile() throws IOException {
        Path missing = tmp.resolve("nope.csv");
        assertTrue(refusal(() -> ImportFiles.fromPath(missing)).contains(missing + ": no such file"));
        Path folder = Files.createDirectory(tmp.resolve("empty"));
        assertTrue(refusal(() -> ImportFiles.fromPath(folder)).contains(folder + " is a folder without users.csv"));
        Path txt = tmp.resolve("people.txt");
        Files.write(txt, bytes("x"));
        assertTrue(refusal(() -> ImportFiles.fromPath(txt)).contains(txt + " is not a .csv or .zip file"));
        Path badZip = tmp.resolve("bad.zip");
        Files.write(badZip, bytes("not a zip"));
        assertTrue(refusal(() -> ImportFiles.fromPath(badZip)).startsWith(badZip + ": not a zip"));
    }

    @Test
    void aZipRoundTripsIntoAPlan() throws IOException {
        Map<String, byte[]> in = new LinkedHashMap<>();
        for (String f : List.of("users.csv", "orgs.csv", "enrollments.csv")) in.put("maple/" + f, ImportFixtures.resource("v11", f));
        Map<String, byte[]> files = ImportFiles.fromZip(zip(in));
        ImportPlan plan = PeopleImport.plan(Directory.EMPTY, new ImportRequest(ImportFiles.formatOf(files), files, false, true),
                ImportFixtures.NOW);
        assertEquals(List.of(), plan.report().problems());
        assertEquals(4, plan.report().added().size());
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T uncheck(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
