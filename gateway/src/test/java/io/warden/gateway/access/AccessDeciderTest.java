package io.warden.gateway.access;

import static io.warden.gateway.access.AccessFixture.AFTER_SCHOOL;
import static io.warden.gateway.access.AccessFixture.DIRECTORY;
import static io.warden.gateway.access.AccessFixture.MORNING;
import static io.warden.gateway.access.AccessFixture.NIGHT;
import static io.warden.gateway.access.AccessFixture.lockdown;
import static io.warden.gateway.access.AccessFixture.swipe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.Credential;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every reason a card is refused and every way one is admitted, decided from memory. */
class AccessDeciderTest {
    private final AccessPolicy policy = AccessFixture.policy();

    private AccessDecider.Outcome at(String door, Credential c, Instant now, LockdownReport ld) {
        return AccessDecider.decide(DIRECTORY, policy, door, c, now, ld);
    }

    private AccessDecider.Outcome at(String door, int card, Instant now) {
        return at(door, swipe(card), now, null);
    }

    private static void denied(AccessDecider.Outcome o, DenyReason reason, String personId, String detailStart) {
        assertThat(o.decision().granted()).as(o.decision().detail()).isFalse();
        assertThat(o.decision().reason()).as(o.decision().detail()).isEqualTo(reason);
        assertThat(o.decision().personId()).isEqualTo(personId);
        assertThat(o.decision().detail()).startsWith(reason.id() + ": ").startsWith(detailStart);
        assertThat(o.pinRequired()).isFalse();
    }

    private static void granted(AccessDecider.Outcome o, String personId, String detail) {
        assertThat(o.decision().granted()).as(o.decision().detail()).isTrue();
        assertThat(o.decision().personId()).isEqualTo(personId);
        assertThat(o.decision().detail()).isEqualTo(detail);
    }

    @Test
    void aParityErrorIsABadReadWithoutACard() {
        byte[] bits = CardFormat.H10301.encode(40, 1001);
        bits[0] ^= (byte) 0x80; // the leading even-parity bit
        AccessDecider.Outcome o = at("main-entrance", Credential.card(bits, 26), MORNING, null);
        denied(o, DenyReason.BAD_READ, null, "bad_read: ");
        assertThat(o.decision().cardId()).isNull();
    }

    @Test
    void aCardNotInTheDirectoryIsUnknown() {
        AccessDecider.Outcome o = at("main-entrance", 4242, MORNING);
        denied(o, DenyReason.UNKNOWN_CARD, null, "unknown_card: card H10301:40:4242 is not in the directory");
        assertThat(o.decision().cardId()).isEqualTo("H10301:40:4242");
    }

    @Test
    void aLostCardIsRefusedAndFlaggedEvenWhenItsHolderCouldOpenTheDoor() {
        denied(at("main-entrance", 1007, MORNING), DenyReason.LOST, "p-staff", "lost: card H10301:40:1007 was reported lost");
    }

    @Test
    void aSuspendedCardOrPersonIsRefused() {
        denied(at("main-entrance", 1008, MORNING), DenyReason.SUSPENDED, "p-staff", "suspended: card H10301:40:1008 is suspended");
        denied(at("main-entrance", 1006, MORNING), DenyReason.SUSPENDED, "p-gone", "suspended: person p-gone is suspended");
    }

    @Test
    void outsideTheValidityWindowIsExpired() {
        denied(at("main-entrance", 1009, MORNING), DenyReason.EXPIRED, "p-visitor", "expired: valid until 2026-11-30T00:00:00Z");
        denied(at("main-entrance", 1013, MORNING), DenyReason.EXPIRED, "p-future", "expired: valid from 2027-01-01T00:00:00Z");
    }

    @Test
    void noGroupReachingThePersonAtTheDoorIsNoAccess() {
        denied(at("main-entrance", 1003, MORNING), DenyReason.NO_ACCESS, "p-other-student", "no_access: ");
        denied(at("gym", 1002, MORNING), DenyReason.NO_ACCESS, "p-student", "no_access: "); // students: main-entrance and office only
        denied(at("wash-door", 1001, MORNING), DenyReason.NO_ACCESS, "p-staff", "no_access: "); // wash-staff wants school washington-es
        denied(at("main-entrance", 1004, MORNING), DenyReason.NO_ACCESS, "p-fr", "no_access: "); // the privilege counts in lockdowns only
    }

    @Test
    void aGroupWhoseScheduleIsClosedIsOutsideSchedule() {
        denied(at("gym", 1011, MORNING), DenyReason.OUTSIDE_SCHEDULE, "p-contractor", "outside_schedule: group night-crew (schedule closed)");
        denied(at("main-entrance", 1001, NIGHT), DenyReason.OUTSIDE_SCHEDULE, "p-staff",
                "outside_schedule: group lincoln-staff (schedule staff-hours) is closed at 2026-12-01T22:00 America/Chicago");
    }

    @Test
    void groupsSelectByKindSchoolAndPersonAndReachDoorsByIdZoneAndSite() {
        granted(at("gym", 1001, MORNING), "p-staff", "group lincoln-staff, schedule staff-hours"); // kind, door by site
        granted(at("office", 1002, MORNING), "p-student", "group lincoln-students, schedule school-hours"); // kind + school, door by id
        granted(at("office", 1010, MORNING), "p-aide", "group aides, schedule staff-hours"); // person id, door by zone
        denied(at("gym", 1010, MORNING), DenyReason.NO_ACCESS, "p-aide", "no_access: "); // gym is in zone north
        granted(at("wash-door", 1012, NIGHT), "p-wash", "group wash-staff, schedule always"); // no schedule: always
        AccessDecider.Outcome o = at("gym", 1001, MORNING);
        assertThat(o.group()).isEqualTo("lincoln-staff");
        assertThat(o.schedule()).isEqualTo("staff-hours");
        assertThat(o.decision().lockdownEntry()).isFalse();
        assertThat(o.passes()).isNull();
    }

    @Test
    void schedulesReadTheClockOfTheDoorsSite() {
        // 16:00 UTC is 10:00 in Chicago: school hours; 22:30 UTC is 16:30 there: after school, staff hours still open.
        granted(at("main-entrance", 1002, MORNING), "p-student", "group lincoln-students, schedule school-hours");
        denied(at("main-entrance", 1002, AFTER_SCHOOL), DenyReason.OUTSIDE_SCHEDULE, "p-student", "outside_schedule: group lincoln-students");
        granted(at("main-entrance", 1001, AFTER_SCHOOL), "p-staff", "group lincoln-staff, schedule staff-hours");
    }

    @Test
    void duringALockdownOnlyLockdownEntryHoldersAreAdmittedWithoutGroups() {
        LockdownReport ld = lockdown(LockdownRequest.Level.LOCKDOWN, "main-entrance", "office");
        AccessDecider.Outcome fr = at("office", swipe(1004), NIGHT, ld); // by kind, no group, no schedule needed
        granted(fr, "p-fr", "lockdown entry during ld-1");
        assertThat(fr.decision().lockdownEntry()).isTrue();
        assertThat(fr.passes()).isEqualTo(LockdownRequest.Level.LOCKDOWN);
        AccessDecider.Outcome admin = at("main-entrance", swipe(1005), MORNING, ld); // named privilege
        granted(admin, "p-admin", "lockdown entry during ld-1");
        assertThat(admin.decision().lockdownEntry()).isTrue();
        denied(at("office", swipe(1001), MORNING, ld), DenyReason.LOCKDOWN, "p-staff", "lockdown: door office is in lockdown ld-1");
        // The card's own refusals come first: a lost card is flagged as lost, not as a lockdown refusal.
        denied(at("office", swipe(1007), MORNING, ld), DenyReason.LOST, "p-staff", "lost: ");
    }

    @Test
    void aSiteNotListedGetsTheDefaultLockdownRules() {
        LockdownReport ld = lockdown(LockdownRequest.Level.LOCKDOWN, "wash-door");
        granted(at("wash-door", swipe(1004), MORNING, ld), "p-fr", "lockdown entry during ld-1");
        denied(at("wash-door", swipe(1012), MORNING, ld), DenyReason.LOCKDOWN, "p-wash", "lockdown: ");
    }

    @Test
    void duringASecureExteriorDoorsAdmitTheSitesKindsThroughTheirGroupsAndThePrivileged() {
        LockdownReport secure = lockdown(LockdownRequest.Level.SECURE, "main-entrance", "gym");
        AccessDecider.Outcome staff = at("main-entrance", swipe(1001), MORNING, secure);
        granted(staff, "p-staff", "group lincoln-staff, schedule staff-hours; secure entry during ld-1");
        assertThat(staff.decision().lockdownEntry()).as("the pulse must pass the door's lockdown").isTrue();
        assertThat(staff.passes()).as("through a secure only, not a lockdown started before the pulse").isEqualTo(LockdownRequest.Level.SECURE);
        denied(at("main-entrance", swipe(1002), MORNING, secure), DenyReason.SECURE, "p-student",
                "secure: exterior door main-entrance is in secure ld-1; a student is not admitted");
        granted(at("gym", swipe(1004), MORNING, secure), "p-fr", "lockdown entry during ld-1");
        // Staff still need a group and an open schedule.
        denied(at("main-entrance", swipe(1001), NIGHT, secure), DenyReason.OUTSIDE_SCHEDULE, "p-staff", "outside_schedule: ");
        // An interior door is as usual.
        granted(at("office", swipe(1002), MORNING, secure), "p-student", "group lincoln-students, schedule school-hours; secure entry during ld-1");
    }

    @Test
    void aCardAndPinDoorAsksForThePinOfAnAdmittedCardOnly() {
        AccessDecider.Outcome o = at("library", 1001, MORNING);
        assertThat(o.pinRequired()).isTrue();
        granted(o, "p-staff", "group lincoln-staff, schedule staff-hours");
        AccessDecider.Outcome night = at("library", 1001, NIGHT);
        assertThat(night.pinRequired()).isFalse();
        denied(night, DenyReason.OUTSIDE_SCHEDULE, "p-staff", "outside_schedule: ");
        assertThat(at("office", 1001, MORNING).pinRequired()).isFalse();
        // The privileged in a lockdown: one pulse, no PIN.
        assertThat(at("library", swipe(1004), MORNING, lockdown(LockdownRequest.Level.LOCKDOWN, "library")).pinRequired()).isFalse();
    }

    @Test
    void keysAloneAreRefused() {
        denied(at("library", Credential.pin("1234"), MORNING, null), DenyReason.PIN_WITHOUT_CARD, null, "pin_without_card: ");
    }

    @Test
    void aDoorThePolicyDoesNotGovernIsNotDecided() {
        assertThatThrownBy(() -> at("nowhere", 1001, MORNING)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nowhere");
    }

    @Test
    void aRawCardIsLookedUpByItsBits() {
        byte[] bits = {0x0A, 0x1B, 0x2C, 0x3D};
        AccessDecider.Outcome o = at("gym", Credential.card(bits, 32), MORNING, null);
        denied(o, DenyReason.UNKNOWN_CARD, null, "unknown_card: card RAW:32:0A1B2C3D");
        assertThat(Arrays.asList(o.decision().cardId())).containsExactly("RAW:32:0A1B2C3D");
    }
}
