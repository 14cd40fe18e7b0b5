package io.warden.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.people.CalendarDay;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.DirectoryService;
import io.warden.gateway.people.ImportProblem;
import io.warden.gateway.people.ImportReport;
import io.warden.gateway.people.ImportRequest;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo site's people, cards and school calendar, loaded into an empty directory on the demo's
 * first start, as a district's administrator would, through the gateway's {@link DirectoryService}
 * as {@link #SETUP} (admin): the OneRoster export (full sync), then {@code cards.csv} and
 * {@code people.csv} (Warden's plain CSV), then {@code calendar.ics}; then one card reported lost
 * and PINs for the card-and-PIN door. Every step is in the audit trail like anyone's. A restart with
 * {@code data/} kept finds the people in the directory and imports nothing again.
 *
 * <p>The result is a few lines for the banner: one per step, and the demo's PINs, which are demo-only
 * facts like the tokens.
 */
final class DemoPeople {
    /** Who loads the site: an administrator. */
    static final Principal SETUP = new Principal("demo-setup", Role.ADMIN);
    /** Sam O'Brien's card, reported lost: the demo presents it now and then (refused and flagged). */
    static final String LOST_CARD = "H10301:40:2003";
    /** Demo-only PINs for the science wing (card, then PIN), by person id. Never on a real site. */
    static final Map<String, String> PINS = pins();
    private static final List<String> ONEROSTER = List.of("users.csv", "orgs.csv", "enrollments.csv");

    private final Vertx vertx;
    private final DirectoryService directory;
    private final Path site;
    private final List<String> lines = new ArrayList<>();

    private DemoPeople(Vertx vertx, DirectoryService directory, Path site) {
        this.vertx = vertx;
        this.directory = directory;
        this.site = site;
    }

    /**
     * Loads {@code site} (a directory of OneRoster CSV files, {@code cards.csv}, {@code people.csv} and
     * {@code calendar.ics}; each optional but {@code users.csv}) when the directory has nobody yet.
     *
     * @return the banner's lines; fails BAD_CONFIG naming the file, line and field when a file does not import
     */
    static Future<List<String>> load(Vertx vertx, DirectoryService directory, Path site) {
        return new DemoPeople(vertx, directory, site).load();
    }

    private Future<List<String>> load() {
        Directory now = directory.current();
        if (!now.people().isEmpty()) {
            lines.add("People  %d people, %d cards and %d calendar days already in the directory: not imported again (delete data/ to start afresh)"
                    .formatted(now.people().size(), now.cards().size(), now.calendar().size()));
            return Future.succeededFuture(withPins(lines));
        }
        return vertx.fileSystem().exists(site.resolve("users.csv").toString()).compose(found -> {
            if (!found) {
                lines.add("People  none: no " + site.resolve("users.csv") + ", so every card is refused as unknown");
                return Future.succeededFuture(lines);
            }
            lines.add("People  from " + site + ", loaded by " + SETUP.name() + " (admin) through the directory API:");
            return oneRoster().compose(v -> plainCsv("cards.csv")).compose(v -> plainCsv("people.csv"))
                    .compose(v -> calendar()).compose(v -> lostCard()).compose(v -> pins(directory.current()))
                    .map(v -> withPins(lines));
        });
    }

    private Future<Void> oneRoster() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Future<Void> read = Future.succeededFuture();
        for (String name : ONEROSTER) {
            read = read.compose(v -> readIfThere(name)).map(b -> {
                if (b != null) files.put(name, b);
                return null;
            });
        }
        return read.compose(v -> directory.importPeople(new ImportRequest("oneroster", files, false, true), SETUP, SETUP.name()))
                .compose(r -> applied(r, String.join(", ", files.keySet())))
                .map(r -> {
                    String step = "%d people added".formatted(r.added().size());
                    if (!r.suspended().isEmpty()) step += ", " + r.suspended().size() + " suspended";
                    if (r.skipped() > 0) step += ", " + r.skipped() + " not kept (guardians)";
                    long disabled = directory.current().people().stream().filter(p -> p.status() == PersonStatus.SUSPENDED).count();
                    if (r.suspended().isEmpty() && disabled > 0) step += " (" + disabled + " disabled in the SIS: suspended)";
                    step("OneRoster 1.1 (" + files.keySet().stream().map(f -> f.replace(".csv", "")).collect(Collectors.joining(", "))
                            + ")", step + ", full sync");
                    return null;
                });
    }

    private Future<Void> plainCsv(String name) {
        return readIfThere(name).compose(bytes -> {
            if (bytes == null) return Future.succeededFuture();
            int cardsBefore = directory.current().cards().size();
            return directory.importPeople(new ImportRequest("csv", Map.of(name, bytes), false, false), SETUP, SETUP.name())
                    .compose(r -> applied(r, name))
                    .map(r -> {
                        int cards = directory.current().cards().size() - cardsBefore;
                        String did = !r.added().isEmpty() ? r.added().size() + " people added, with " + cards + " cards"
                                : cards + " cards to " + r.changed().size() + " people";
                        step(name + " (plain CSV)", did);
                        return null;
                    });
        });
    }

    private Future<Void> calendar() {
        return readIfThere("calendar.ics").compose(bytes -> {
            if (bytes == null) return Future.succeededFuture();
            return directory.importCalendar(bytes, false, SETUP, SETUP.name()).map(r -> {
                Map<CalendarDay.Kind, Long> byKind = r.days().stream()
                        .collect(Collectors.groupingBy(CalendarDay::kind, () -> new java.util.EnumMap<>(CalendarDay.Kind.class), Collectors.counting()));
                String kinds = byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().id().replace('_', ' '))
                        .collect(Collectors.joining(", "));
                step("calendar.ics", r.days().size() + " days (" + kinds + ")"
                        + (r.skipped().isEmpty() ? "" : "; " + r.skipped().size() + " other event skipped"));
                return null;
            });
        });
    }

    private Future<Void> lostCard() {
        return directory.current().card(LOST_CARD).map(card -> directory.setCardStatus(LOST_CARD, CardStatus.LOST, SETUP, SETUP.name())
                .map(c -> {
                    step("card " + LOST_CARD, "reported lost (" + name(card.personId()) + ")");
                    return (Void) null;
                })).orElse(Future.succeededFuture());
    }

    private Future<Void> pins(Directory now) {
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<String, String> pin : PINS.entrySet()) {
            if (now.person(pin.getKey()).isEmpty()) continue;
            chain = chain.compose(v -> directory.setPin(pin.getKey(), pin.getValue(), SETUP, SETUP.name()));
        }
        return chain;
    }

    /** The PINs of the people the directory has, as demo-only facts. */
    private List<String> withPins(List<String> out) {
        Directory now = directory.current();
        List<String> known = PINS.entrySet().stream().filter(e -> now.person(e.getKey()).map(p -> p.pinHash() != null).orElse(false))
                .map(e -> "  %-26s %s".formatted(name(e.getKey()), e.getValue())).toList();
        if (known.isEmpty()) return out;
        out.add("PINs    (demo only, never on a real site) for the science wing, a card-and-PIN door: card, then PIN");
        out.addAll(known);
        return out;
    }

    private String name(String personId) {
        return directory.current().person(personId).map(Person::name).orElse(personId);
    }

    private void step(String what, String result) {
        lines.add("  %-42s %s".formatted(what, result));
    }

    /** An import with problems is refused whole: the demo does not start, naming what is wrong. */
    private Future<ImportReport> applied(ImportReport r, String files) {
        if (r.problems().isEmpty()) return Future.succeededFuture(r);
        String problems = r.problems().stream().limit(5).map(ImportProblem::toString).collect(Collectors.joining("; "));
        return Future.failedFuture(new WardenException(ErrorCode.BAD_CONFIG, "the demo's people in " + site + " (" + files
                + ") did not import: " + problems));
    }

    private Future<byte[]> readIfThere(String name) {
        String path = site.resolve(name).toString();
        return vertx.fileSystem().exists(path).compose(found -> found
                ? vertx.fileSystem().readFile(path).map(Buffer::getBytes) : Future.succeededFuture(null));
    }

    private static Map<String, String> pins() {
        Map<String, String> pins = new LinkedHashMap<>();
        pins.put("t-1002", "2468"); // Daniel Reyes, science teacher
        pins.put("t-1001", "1357"); // Maya Okafor, administrator
        return java.util.Collections.unmodifiableMap(pins);
    }
}
