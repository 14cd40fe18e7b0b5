package io.warden.gateway.people;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit records of directory changes, in one place. Actor: the token holder; source: where the
 * request came from. A person is named by id only (questions join ids with the directory), in
 * {@code detail} as {@code person <id>: ...}; a card by its id in {@code credential}. Never a PIN or
 * its hash, never a name.
 *
 * <pre>
 * type              action    credential  detail
 * person.added      import                person stu-1: added
 * person.changed    import                person stu-1: schools, status
 * person.suspended  import                person stu-1: suspended
 * people.import     import                format=oneroster added=1 changed=0 suspended=0 unchanged=3 skipped=0 problems=0 dryRun=false
 * card.assigned     assign    H10301:1:2  person stu-1
 * card.status       status    H10301:1:2  lost
 * person.pin_set    pin                   person stu-1: PIN set | person stu-1: PIN cleared
 * calendar.imported calendar              days=12 added=3 removed=1 skipped=2 dryRun=false
 * </pre>
 * Result {@code ok}, or {@code refused} for an import whose files have problems (nothing applied).
 */
final class DirectoryAudit {
    private final Instant time;
    private final Principal who;
    private final String source;

    DirectoryAudit(Instant time, Principal who, String source) {
        this.time = time;
        this.who = who;
        this.source = source;
    }

    private AuditEntry entry(String type, String action, String credential, String result, String detail) {
        return new AuditEntry(time, type, who.name(), source, null, null, null, null, credential, action, result, detail);
    }

    /** One record per person added, changed or suspended (when applied), then the summary. */
    List<AuditEntry> importRecords(ImportReport r, boolean applied, boolean dryRun) {
        List<AuditEntry> out = new ArrayList<>();
        if (applied) {
            r.added().forEach(c -> out.add(entry("person.added", "import", null, "ok", "person " + c.personId() + ": added")));
            r.changed().forEach(c -> out.add(entry("person.changed", "import", null, "ok",
                    "person " + c.personId() + ": " + (c.fields().isEmpty() ? "changed" : String.join(", ", c.fields())))));
            r.suspended().forEach(c -> out.add(entry("person.suspended", "import", null, "ok", "person " + c.personId() + ": suspended")));
        }
        String summary = "format=" + r.format() + " added=" + r.added().size() + " changed=" + r.changed().size()
                + " suspended=" + r.suspended().size() + " unchanged=" + r.unchanged() + " skipped=" + r.skipped() + " problems=" + r.problems().size()
                + " dryRun=" + dryRun;
        out.add(entry("people.import", "import", null, r.problems().isEmpty() ? "ok" : "refused", summary));
        return out;
    }

    AuditEntry cardAssigned(Card card) {
        return entry("card.assigned", "assign", card.id(), "ok", "person " + card.personId());
    }

    AuditEntry cardStatus(Card card) {
        return entry("card.status", "status", card.id(), "ok", card.status().id());
    }

    AuditEntry pinSet(String personId, boolean set) {
        return entry("person.pin_set", "pin", null, "ok", "person " + personId + ": " + (set ? "PIN set" : "PIN cleared"));
    }

    AuditEntry calendarImported(CalendarReport r, boolean dryRun) {
        return entry("calendar.imported", "calendar", null, "ok", "days=" + r.days().size() + " added=" + r.added()
                + " removed=" + r.removed() + " skipped=" + r.skipped().size() + " dryRun=" + dryRun);
    }
}
