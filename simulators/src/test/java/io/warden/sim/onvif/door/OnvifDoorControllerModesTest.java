package io.warden.sim.onvif.door;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.api.DoorState.Mode;
import io.warden.adapter.onvif.soap.OnvifNs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

/** The door-mode state machine of onvif.md §6.1, every cell of its table, over the wire. */
class OnvifDoorControllerModesTest extends OnvifDoorControllerSimTestBase {
    private static final String DOOR = "Door_1";
    /** The table's columns (DoubleLock shares Lock's column). */
    private static final List<String> COMMANDS = List.of("AccessDoor", "LockDoor", "UnlockDoor", "BlockDoor", "DoubleLockDoor",
            "LockDownDoor", "LockDownReleaseDoor", "LockOpenDoor", "LockOpenReleaseDoor");
    private static final String FAIL = "Failure";

    /** The expected outcome of each command from {@code mode}: the new mode, or FAIL. */
    private static Map<String, String> row(String access, String lockUnlockBlock, String lockDown, String lockDownRelease, String lockOpen,
                                           String lockOpenRelease) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("AccessDoor", access);
        boolean refuses = FAIL.equals(lockUnlockBlock);
        m.put("LockDoor", refuses ? FAIL : "Locked");
        m.put("UnlockDoor", refuses ? FAIL : "Unlocked");
        m.put("BlockDoor", refuses ? FAIL : "Blocked");
        m.put("DoubleLockDoor", refuses ? FAIL : "DoubleLocked");
        m.put("LockDownDoor", lockDown);
        m.put("LockDownReleaseDoor", lockDownRelease);
        m.put("LockOpenDoor", lockOpen);
        m.put("LockOpenReleaseDoor", lockOpenRelease);
        return m;
    }

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("Locked", row("Accessed", "ok", "LockedDown", FAIL, "LockedOpen", FAIL)),
                Arguments.of("DoubleLocked", row("Accessed", "ok", "LockedDown", FAIL, "LockedOpen", FAIL)),
                Arguments.of("Unlocked", row("Accessed", "ok", "LockedDown", FAIL, "LockedOpen", FAIL)),
                Arguments.of("Accessed", row("Accessed", "ok", "LockedDown", FAIL, "LockedOpen", FAIL)),
                Arguments.of("Blocked", row(FAIL, "ok", "LockedDown", FAIL, "LockedOpen", FAIL)),
                Arguments.of("LockedDown", row(FAIL, FAIL, "LockedDown", "Locked", FAIL, FAIL)),
                Arguments.of("LockedOpen", row(FAIL, FAIL, FAIL, FAIL, "LockedOpen", "Unlocked")));
    }

    @ParameterizedTest(name = "from {0}")
    @MethodSource("table")
    void everyCommandFromThisModeDoesWhatTheTableSays(String from, Map<String, String> expected) {
        assertThat(expected.keySet()).containsExactlyElementsOf(COMMANDS);
        for (String command : COMMANDS) {
            enter(from);
            String want = expected.get(command);
            String cell = from + " + " + command;
            if (FAIL.equals(want)) {
                String fault = tdcFault(command, token(DOOR));
                assertThat(fault).as(cell).contains("Receiver/Action/Failure").contains("door " + DOOR + " is " + from);
                assertThat(modeOnTheWire()).as(cell + " leaves the mode").isEqualTo(from);
            } else {
                // a long AccessTime keeps Accessed in place while the test looks
                tdc(command, token(DOOR) + ("AccessDoor".equals(command) ? "<x:AccessTime>PT30S</x:AccessTime>" : ""));
                assertThat(modeOnTheWire()).as(cell).isEqualTo(want);
                assertThat(Mode.valueOf(upper(want))).as(cell + " as the device holds it").isEqualTo(sim.mode(DOOR));
            }
        }
    }

    @Test
    void accessReturnsToTheModeBeforeAndASecondAccessRestartsTheTimer() {
        tdc("UnlockDoor", token(DOOR));
        tdc("AccessDoor", token(DOOR) + "<x:AccessTime>PT0.5S</x:AccessTime>");
        assertThat(modeOnTheWire()).isEqualTo("Accessed");
        until(() -> sim.mode(DOOR) == Mode.UNLOCKED, "back to Unlocked, the mode before the access");

        tdc("LockDoor", token(DOOR));
        tdc("AccessDoor", token(DOOR) + "<x:AccessTime>PT30S</x:AccessTime>");
        // the second access replaces the first's timer: the door relocks after 0.5 s, not 30 s
        tdc("AccessDoor", token(DOOR) + "<x:AccessTime>PT0.5S</x:AccessTime>");
        assertThat(sim.strikeReleased(DOOR)).isTrue();
        until(() -> sim.mode(DOOR) == Mode.LOCKED, "relocked at the second access's end");
        assertThat(sim.received("AccessDoor")).isEqualTo(3);
    }

    @Test
    void aCommandThatInterruptsAnAccessCancelsItsReturn() {
        tdc("AccessDoor", token(DOOR) + "<x:AccessTime>PT0.5S</x:AccessTime>");
        tdc("LockDownDoor", token(DOOR));
        tdc("LockDownReleaseDoor", token(DOOR));
        tdc("UnlockDoor", token(DOOR));
        // had the access's timer survived it would now put back Locked; Accessed→Unlocked came from the command
        tdc("AccessDoor", token(DOOR) + "<x:AccessTime>PT0.5S</x:AccessTime>");
        until(() -> sim.mode(DOOR) == Mode.UNLOCKED, "back to Unlocked");
    }

    @Test
    void anUnknownDoorIsInvalidArgsNotFound() {
        assertThat(tdcFault("GetDoorState", token("Door_9"))).contains("Sender/InvalidArgs/NotFound");
        assertThat(tdcFault("UnlockDoor", token("Door_9"))).contains("Sender/InvalidArgs/NotFound");
    }

    @Test
    void doorStateHasItsChildrenInSchemaOrderWithTamperAndFaultAsStructures() {
        sim.setContact(DOOR, true);
        sim.setTamper(DOOR, "Reader cover removed");
        Element state = children(tdc("GetDoorState", token(DOOR)), OnvifNs.TDC, "DoorState").get(0);
        assertThat(childNames(state)).containsExactly("DoorPhysicalState", "LockPhysicalState", "Alarm", "Tamper", "Fault", "DoorMode");
        assertThat(text(state, OnvifNs.TDC, "DoorPhysicalState")).isEqualTo("Open");
        assertThat(text(state, OnvifNs.TDC, "LockPhysicalState")).isEqualTo("Locked");
        assertThat(text(state, OnvifNs.TDC, "Alarm")).as("opened while Locked").isEqualTo("DoorForcedOpen");
        Element tamper = children(state, OnvifNs.TDC, "Tamper").get(0);
        assertThat(childNames(tamper)).containsExactly("Reason", "State");
        assertThat(text(tamper, OnvifNs.TDC, "State")).isEqualTo("TamperDetected");
        assertThat(text(children(state, OnvifNs.TDC, "Fault").get(0), OnvifNs.TDC, "State")).isEqualTo("NotInFault");
    }

    /** Puts the door in {@code mode} from wherever it is. */
    private void enter(String mode) {
        if (sim.mode(DOOR) == Mode.LOCKED_DOWN) tdc("LockDownReleaseDoor", token(DOOR));
        if (sim.mode(DOOR) == Mode.LOCKED_OPEN) tdc("LockOpenReleaseDoor", token(DOOR));
        tdc("LockDoor", token(DOOR));
        switch (mode) {
            case "Locked" -> { }
            case "DoubleLocked" -> tdc("DoubleLockDoor", token(DOOR));
            case "Unlocked" -> tdc("UnlockDoor", token(DOOR));
            case "Accessed" -> tdc("AccessDoor", token(DOOR) + "<x:AccessTime>PT30S</x:AccessTime>");
            case "Blocked" -> tdc("BlockDoor", token(DOOR));
            case "LockedDown" -> tdc("LockDownDoor", token(DOOR));
            case "LockedOpen" -> tdc("LockOpenDoor", token(DOOR));
            default -> throw new IllegalArgumentException(mode);
        }
        assertThat(modeOnTheWire()).as("entered " + mode).isEqualTo(mode);
    }

    private String modeOnTheWire() {
        Element state = children(tdc("GetDoorState", token(DOOR)), OnvifNs.TDC, "DoorState").get(0);
        return text(state, OnvifNs.TDC, "DoorMode");
    }

    /** LockedDown → LOCKED_DOWN. */
    private static String upper(String onvif) {
        return onvif.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
