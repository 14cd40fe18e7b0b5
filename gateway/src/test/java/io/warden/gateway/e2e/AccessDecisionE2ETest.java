package io.warden.gateway.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import io.warden.osdp.codec.OsdpCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Card reads over a real serial line (socat pty, 115200 baud) decided by the gateway: every denial
 * the issue names, a grant that turns the strike output on at the simulated PD and shows green, the
 * lockdown-entry rule, card and PIN (the keys sent at once, or one KEYPAD reply per key as most readers
 * send them), and a grant while the audit store refuses writes. Each test
 * uses its own card (or leaves the site as it found it), so the order does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessDecisionE2ETest {
    private static final String GREEN = "led " + OsdpCommand.LedControl.GREEN;
    private static final String RED = "led " + OsdpCommand.LedControl.RED;
    private static final String AMBER = "led " + OsdpCommand.LedControl.AMBER;
    private static final String PULSE = "out 0 " + OsdpCommand.OutputControl.TEMPORARY_ON;
    private static final int MAIN = 1;
    private static final int LIBRARY = 2;

    private AccessSite site;

    @BeforeAll
    void start() throws Exception {
        site = AccessSite.start();
    }

    @AfterAll
    void close() throws Exception {
        if (site != null) site.close();
    }

    /** Swipes at the PD and returns what its reader and strike did until the decision's record and its signal. */
    private List<String> swipeAndWait(int pd, int card, String signal) {
        int before = site.ran.get(pd).size();
        site.swipe(pd, card);
        until(() -> site.ranSince(pd, before).contains(signal), signal + " at PD " + pd + " for card " + card);
        return site.ranSince(pd, before);
    }

    private void deniedAtMain(int card, String reasonStart, String actor) {
        int before = site.ran.get(MAIN).size();
        swipeAndWait(MAIN, card, RED);
        until(() -> site.ranSince(MAIN, before).contains("buz 2"), "two beeps");
        List<String> seen = site.ranSince(MAIN, before);
        AuditEntry e = site.decision(AccessSite.id(card));
        assertThat(e).extracting(AuditEntry::type, AuditEntry::actor, AuditEntry::door, AuditEntry::action, AuditEntry::result)
                .containsExactly("access.denied", actor, "main-entrance", "card", "denied");
        assertThat(e.detail()).startsWith(reasonStart);
        assertThat(seen).as("no strike command for a denial").doesNotContain(PULSE).doesNotContain("strike on");
    }

    @Test
    void aGrantTurnsTheStrikeOnAndShowsGreenWithOneBeep() {
        List<String> seen = swipeAndWait(MAIN, AccessSite.TEACHER, GREEN);
        until(() -> site.ran.get(MAIN).contains("strike on"), "the strike on at the PD");
        assertThat(site.ran.get(MAIN)).contains(PULSE);
        assertThat(seen.indexOf(PULSE)).as("the pulse goes out before the green LED: " + seen).isLessThan(seen.indexOf(GREEN));
        AuditEntry e = site.decision(AccessSite.id(AccessSite.TEACHER));
        assertThat(e).extracting(AuditEntry::type, AuditEntry::actor, AuditEntry::credential, AuditEntry::result, AuditEntry::detail)
                .containsExactly("access.granted", "p-teacher", "H10301:40:2001", "granted", "group staff, schedule always");
        until(() -> site.ran.get(MAIN).contains("buz 1"), "one beep");
    }

    @Test
    void aCardWithAParityErrorIsABadReadRecordedWithItsBits() {
        int before = site.ran.get(MAIN).size();
        long bad = site.records().stream().filter(e -> "access.denied".equals(e.type()) && e.detail().startsWith("bad_read: ")).count();
        // Through the simulator's script, as the demo plays it: the teacher's card with its last (parity) bit flipped.
        await(io.warden.sim.osdp.OsdpPdScript.parse("0ms card-bad-parity h10301 40:" + AccessSite.TEACHER).run(site.vertx, site.pd(MAIN)));
        until(() -> site.ranSince(MAIN, before).contains(RED), "red for a bad read");
        until(() -> site.records().stream().filter(e -> "access.denied".equals(e.type()) && e.detail().startsWith("bad_read: ")).count() > bad,
                "the bad read's decision");
        AuditEntry e = site.records().stream().filter(x -> "access.denied".equals(x.type()) && x.detail().startsWith("bad_read: "))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(e.actor()).isEqualTo("unknown");
        assertThat(e.credential()).startsWith("26-bit ");
        assertThat(site.ranSince(MAIN, before)).doesNotContain(PULSE);
    }

    @Test
    void anUnknownCardIsDenied() {
        deniedAtMain(9999, "unknown_card: card H10301:40:9999 is not in the directory", "unknown");
    }

    @Test
    void aSuspendedPersonIsDenied() {
        deniedAtMain(AccessSite.FORMER, "suspended: person p-former is suspended", "p-former");
    }

    @Test
    void aLostCardIsDeniedAndFlagged() {
        deniedAtMain(AccessSite.LOST, "lost: card H10301:40:2002 was reported lost", "p-teacher");
    }

    @Test
    void anExpiredPassIsDenied() {
        deniedAtMain(AccessSite.EXPIRED, "expired: valid until ", "p-visitor");
    }

    @Test
    void outsideItsScheduleACardIsDenied() {
        deniedAtMain(AccessSite.CONTRACTOR, "outside_schedule: group night-crew (schedule never) is closed", "p-contractor");
    }

    @Test
    void duringALockdownAFirstResponderGetsOnePulseATeacherIsRefusedAndTheLockdownStays() throws Exception {
        LockdownReport ld = await(site.doors.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope(null, null, List.of("main-entrance")), true, "drill"), new Principal("principal", Role.LOCKDOWN), null));
        try {
            until(() -> site.doors.door("main-entrance").orElseThrow().state().lock() == io.warden.adapter.api.DoorState.LockState.LOCKED,
                    "the door locked");
            int teacherBefore = site.decisions(AccessSite.id(AccessSite.TEACHER)).size();
            List<String> refused = swipeAndWait(MAIN, AccessSite.TEACHER, RED);
            until(() -> site.decisions(AccessSite.id(AccessSite.TEACHER)).size() > teacherBefore, "the teacher's decision");
            AuditEntry teacher = site.decisions(AccessSite.id(AccessSite.TEACHER)).get(teacherBefore);
            assertThat(teacher.type()).isEqualTo("access.denied");
            assertThat(teacher.detail()).startsWith("lockdown: door main-entrance is in drill lockdown " + ld.id());
            assertThat(refused).doesNotContain(PULSE);

            long commandsBefore = site.records().stream().filter(e -> e.type().equals("door.command") || e.type().startsWith("lockdown.door")).count();
            List<String> seen = swipeAndWait(MAIN, AccessSite.RESPONDER, GREEN);
            assertThat(seen.stream().filter(PULSE::equals)).as("one pulse").hasSize(1);
            AuditEntry e = site.decision(AccessSite.id(AccessSite.RESPONDER));
            assertThat(e).extracting(AuditEntry::type, AuditEntry::actor, AuditEntry::detail)
                    .containsExactly("access.granted", "p-responder", "lockdown entry during " + ld.id());
            assertThat(site.doors.lockdownCovering("main-entrance")).as("the lockdown stays active").isNotNull();
            // The pulse ends by itself; the door reports locked again with no re-assert in between.
            until(() -> site.pd(MAIN).output(0) == false, "the strike off after the pulse");
            until(() -> site.doors.door("main-entrance").orElseThrow().state().lock() == io.warden.adapter.api.DoorState.LockState.LOCKED,
                    "the door locked again");
            assertThat(site.records().stream().filter(x -> x.type().equals("door.command") || x.type().startsWith("lockdown.door")).count())
                    .as("the enforcer sent no lock for the entry").isEqualTo(commandsBefore);
            assertThat(site.doors.disagreeingDoors()).isEmpty();
        } finally {
            await(site.doors.release(ld.id(), new Principal("principal", Role.LOCKDOWN), null));
        }
    }

    @Test
    void cardThenTheRightPinOpensTheLibrary() {
        int decided = site.decisions(AccessSite.id(AccessSite.TEACHER)).size();
        swipeAndWait(LIBRARY, AccessSite.TEACHER, AMBER);
        int before = site.ran.get(LIBRARY).size();
        await(site.pd(LIBRARY).keypad(AccessSite.PIN));
        until(() -> site.ranSince(LIBRARY, before).contains(GREEN), "green after the PIN");
        assertThat(site.ranSince(LIBRARY, before)).contains(PULSE);
        until(() -> site.decisions(AccessSite.id(AccessSite.TEACHER)).size() > decided, "the decision");
        AuditEntry e = site.decisions(AccessSite.id(AccessSite.TEACHER)).get(decided);
        assertThat(e).extracting(AuditEntry::type, AuditEntry::door, AuditEntry::action, AuditEntry::detail)
                .containsExactly("access.granted", "library", "card+pin", "group staff, schedule always, PIN verified");
        assertThat(site.records()).allSatisfy(r -> assertThat(String.valueOf(r.credential()) + r.detail()).doesNotContain(AccessSite.PIN));
    }

    @Test
    void aWrongPinAndNoPinAtAllAreRefusedAtTheLibrary() {
        int start = site.decisions(AccessSite.id(AccessSite.TEACHER)).size();
        swipeAndWait(LIBRARY, AccessSite.TEACHER, AMBER);
        int before = site.ran.get(LIBRARY).size();
        await(site.pd(LIBRARY).keypad("1357"));
        until(() -> site.ranSince(LIBRARY, before).contains(RED), "red after a wrong PIN");
        until(() -> site.decisions(AccessSite.id(AccessSite.TEACHER)).size() > start, "the wrong PIN's decision");
        assertThat(site.decisions(AccessSite.id(AccessSite.TEACHER)).get(start).detail()).startsWith("wrong_pin: ");
        // Card, then nothing: refused after pinTimeoutSeconds (3).
        swipeAndWait(LIBRARY, AccessSite.TEACHER, AMBER);
        until(() -> site.decisions(AccessSite.id(AccessSite.TEACHER)).size() > start + 1, "the timeout's decision");
        assertThat(site.decisions(AccessSite.id(AccessSite.TEACHER)).get(start + 1).detail())
                .isEqualTo("pin_timeout: no PIN within 3 s after card H10301:40:2001");
        assertThat(site.ranSince(LIBRARY, before)).doesNotContain(PULSE);
    }

    /** Keys one per KEYPAD reply, as most readers send a person typing; quicker than a person so the 3 s PIN timeout leaves room. */
    private static final Duration KEY_GAP = Duration.ofMillis(150);

    private long keysWithoutCard() {
        return site.records().stream().filter(e -> "access.denied".equals(e.type()) && e.detail().startsWith("pin_without_card: ")).count();
    }

    @Test
    void cardThenThePinTypedOneKeyAtATimeOpensTheLibrary() {
        int decided = site.decisions(AccessSite.id(AccessSite.TEACHER)).size();
        long stray = keysWithoutCard();
        swipeAndWait(LIBRARY, AccessSite.TEACHER, AMBER);
        int before = site.ran.get(LIBRARY).size();
        await(site.pd(LIBRARY).typeKeys(AccessSite.PIN + "#", KEY_GAP));
        until(() -> site.ranSince(LIBRARY, before).contains(GREEN), "green after the PIN");
        assertThat(site.ranSince(LIBRARY, before)).contains(PULSE).doesNotContain(RED);
        until(() -> site.decisions(AccessSite.id(AccessSite.TEACHER)).size() > decided, "the decision");
        AuditEntry e = site.decisions(AccessSite.id(AccessSite.TEACHER)).get(decided);
        assertThat(e).extracting(AuditEntry::type, AuditEntry::door, AuditEntry::action, AuditEntry::detail)
                .containsExactly("access.granted", "library", "card+pin", "group staff, schedule always, PIN verified");
        assertThat(keysWithoutCard()).as("no key was taken for keys without a card").isEqualTo(stray);
        assertThat(site.records()).allSatisfy(r -> assertThat(String.valueOf(r.credential()) + r.detail()).doesNotContain(AccessSite.PIN));
    }

    @Test
    void aWrongPinTypedOneKeyAtATimeIsRefusedOnce() {
        int decided = site.decisions(AccessSite.id(AccessSite.TEACHER)).size();
        long stray = keysWithoutCard();
        swipeAndWait(LIBRARY, AccessSite.TEACHER, AMBER);
        int before = site.ran.get(LIBRARY).size();
        await(site.pd(LIBRARY).typeKeys("1357#", KEY_GAP));
        until(() -> site.ranSince(LIBRARY, before).contains(RED), "red after a wrong PIN");
        until(() -> site.decisions(AccessSite.id(AccessSite.TEACHER)).size() > decided, "the wrong PIN's decision");
        List<AuditEntry> d = site.decisions(AccessSite.id(AccessSite.TEACHER));
        assertThat(d).hasSize(decided + 1);
        assertThat(d.get(decided)).extracting(AuditEntry::type, AuditEntry::action).containsExactly("access.denied", "card+pin");
        assertThat(d.get(decided).detail()).isEqualTo("wrong_pin: the PIN does not match card H10301:40:2001's holder");
        assertThat(keysWithoutCard()).as("one denial for the entry, none per key").isEqualTo(stray);
        assertThat(site.ranSince(LIBRARY, before)).doesNotContain(PULSE);
    }

    @Test
    void withTheAuditStoreRefusingWritesTheDoorStillOpensAndTheRecordLandsLater() {
        int before = site.decisions(AccessSite.id(AccessSite.TEACHER)).size();
        site.audit.refuse = true;
        try {
            List<String> seen = swipeAndWait(MAIN, AccessSite.TEACHER, GREEN);
            assertThat(seen).contains(PULSE);
            until(() -> site.backlog.pending() >= 1, "the refused decision kept");
            assertThat(site.decisions(AccessSite.id(AccessSite.TEACHER))).hasSize(before);
        } finally {
            site.audit.refuse = false;
        }
        until(() -> site.decisions(AccessSite.id(AccessSite.TEACHER)).size() == before + 1, "the decision written once the store accepts");
        assertThat(site.decisions(AccessSite.id(AccessSite.TEACHER)).get(before).type()).isEqualTo("access.granted");
        until(() -> site.backlog.pending() == 0, "the backlog empty");
    }
}
