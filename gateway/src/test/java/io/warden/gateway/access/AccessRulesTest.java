package io.warden.gateway.access;

import static io.warden.gateway.access.AccessFixture.MORNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.testing.SettableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who can open a door and what a card opens, by the rules the door applies. */
class AccessRulesTest {
    private final SettableClock clock = new SettableClock(MORNING);
    private LockdownReport gymLockdown;
    private final AccessRules rules = new AccessRules(AccessFixture.policy(), () -> AccessFixture.DIRECTORY,
            door -> door.equals("gym") ? gymLockdown : null, clock);

    @Test
    void whoCanOpenListsActivePeopleWithTheirActiveCardsAndTheGrantingGroup() {
        List<AccessQuestions.PersonAccess> who = rules.whoCanOpen("gym", MORNING);
        assertThat(who).containsExactly(
                new AccessQuestions.PersonAccess("p-staff", "p-staff", "staff", List.of("H10301:40:1001"), "lincoln-staff", "staff-hours"),
                new AccessQuestions.PersonAccess("p-admin", "Admin", "staff", List.of("H10301:40:1005"), "lincoln-staff", "staff-hours"),
                // lincoln-staff selects every staff member, whatever their school
                new AccessQuestions.PersonAccess("p-wash", "p-wash", "staff", List.of("H10301:40:1012"), "lincoln-staff", "staff-hours"));
        assertThat(rules.whoCanOpen("gym", AccessFixture.NIGHT)).isEmpty();
    }

    @Test
    void aLockdownCountsForAQuestionAboutNowOnly() {
        gymLockdown = AccessFixture.lockdown(LockdownRequest.Level.LOCKDOWN, "gym");
        assertThat(rules.whoCanOpen("gym", MORNING.plusMillis(500))).extracting(AccessQuestions.PersonAccess::personId,
                AccessQuestions.PersonAccess::group).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("p-fr", "lockdown-entry"), org.assertj.core.groups.Tuple.tuple("p-admin", "lockdown-entry"));
        assertThat(rules.whoCanOpen("gym", MORNING.plus(Duration.ofHours(1)))).extracting(AccessQuestions.PersonAccess::personId)
                .containsExactly("p-staff", "p-admin", "p-wash");
    }

    @Test
    void whatCanOpenListsTheDoorsInConfigOrderCardAndPinDoorsIncluded() {
        assertThat(rules.whatCanOpen("H10301:40:1001", MORNING)).containsExactly(
                new AccessQuestions.DoorAccess("main-entrance", "main-entrance door", "lincoln-staff", "staff-hours"),
                new AccessQuestions.DoorAccess("office", "office door", "lincoln-staff", "staff-hours"),
                new AccessQuestions.DoorAccess("library", "library door", "lincoln-staff", "staff-hours"),
                new AccessQuestions.DoorAccess("gym", "gym door", "lincoln-staff", "staff-hours"));
        assertThat(rules.whatCanOpen("H10301:40:1002", MORNING)).extracting(AccessQuestions.DoorAccess::doorId)
                .containsExactly("main-entrance", "office");
        assertThat(rules.whatCanOpen("H10301:40:1007", MORNING)).as("a lost card opens nothing").isEmpty();
    }

    @Test
    void anUnknownDoorOrCardIsNotFound() {
        assertThatThrownBy(() -> rules.whoCanOpen("nowhere", MORNING)).isInstanceOfSatisfying(WardenException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> rules.whatCanOpen("H10301:40:4242", MORNING)).isInstanceOfSatisfying(WardenException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
