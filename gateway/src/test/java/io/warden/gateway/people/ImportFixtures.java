package io.warden.gateway.people;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for import tests: fixture files, requests, applying a plan. */
final class ImportFixtures {
    static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");

    private ImportFixtures() {}

    /** {@code roster/<dir>/<name>} from the test resources. */
    static byte[] resource(String dir, String name) {
        try (InputStream in = ImportFixtures.class.getResourceAsStream("/roster/" + dir + "/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture roster/" + dir + "/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The named fixture files of {@code roster/<dir>}. */
    static Map<String, byte[]> fixture(String dir, String... names) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String n : names) files.put(n, resource(dir, n));
        return files;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static ImportPlan oneRoster(Directory d, Map<String, byte[]> files, boolean fullSync) {
        return PeopleImport.plan(d, new ImportRequest("oneroster", files, false, fullSync), NOW);
    }

    static ImportPlan csv(Directory d, String text, boolean fullSync) {
        return PeopleImport.plan(d, new ImportRequest("csv", Map.of("people.csv", utf8(text)), false, fullSync), NOW);
    }

    /** The directory after {@code plan}, which must have no problems. */
    static Directory apply(Directory d, ImportPlan plan) {
        if (!plan.report().problems().isEmpty()) throw new AssertionError("problems: " + plan.report().problems());
        return d.with(plan.changes());
    }

    static Person person(String id, PersonKind kind, String source, PersonStatus status, String... schools) {
        return new Person(id, id + " Name", kind, null, List.of(schools), status, null, null, false, null, source);
    }

    static Directory directory(Person... people) {
        return new Directory(List.of(people), List.of(), List.of(), 7);
    }

    static List<String> ids(List<ImportReport.Change> changes) {
        return changes.stream().map(ImportReport.Change::personId).toList();
    }
}
