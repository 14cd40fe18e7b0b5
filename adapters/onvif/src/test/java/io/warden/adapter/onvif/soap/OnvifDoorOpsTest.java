package io.warden.adapter.onvif.soap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Profile C door control and access control against WireMock serving the spec-derived captures
 * ({@code onvif-captures/_synthetic-spec-derived/}): the values parsed from each, the request bodies
 * sent, and hostile answers.
 */
class OnvifDoorOpsTest extends OnvifWireMockSupport {
    private static final String DIR = "_synthetic-spec-derived/";
    private static final String DOOR_PATH = "/onvif/doorcontrol_service";
    private static final String AC_PATH = "/onvif/accesscontrol_service";
    private static final Map<String, String> NS = Map.of("tdc", OnvifNs.TDC, "tac", OnvifNs.TAC, "s", OnvifNs.SOAP);

    /** Every capture in the directory and where it is served below (a new capture fails until it is covered). */
    private static final Set<String> COVERED = Set.of(
            "GetServices_DoorController.xml", "GetDoorInfoList.xml", "GetDoorInfoList_paged.xml", "GetDoorState_Locked.xml",
            "GetDoorState_LockedDown_ForcedOpen.xml", "GetDoorState_minimal.xml", "GetDoorState_Fault_NotFound.xml",
            "UnlockDoor_Fault_ActionFailure_while_LockedDown.xml", "AccessDoor.xml", "LockDownDoor.xml",
            "GetAccessPointInfoList.xml", "GetAreaInfoList.xml",
            // notification parsing belongs to the events part (h/events) and is tested there
            "PullMessages_DoorEvents.xml");

    private OnvifDoorOps ops;

    @BeforeEach
    void discoverTheController() {
        // two busy shared cores: a first answer from a cold WireMock can take seconds
        soap = new OnvifSoapClient(vertx, http, device, USER, PASSWORD,
                new OnvifSoapClient.Options(Duration.ofSeconds(15), OnvifXml.DEFAULT_MAX_BYTES));
        stubClock(Duration.ZERO);
        stubOp("GetServices", 200, capture("GetServices_DoorController.xml"));
        // the capture advertises 192.0.2.20: the preserve-address rewrite points it at WireMock
        ops = new OnvifDoorOps(soap, await(new OnvifDeviceOps(soap, true).services(deadline())));
    }

    private static Instant deadline() {
        return Instant.now().plusSeconds(20);
    }

    static String capture(String name) {
        try (InputStream in = OnvifDoorOpsTest.class.getResourceAsStream("/onvif-captures/" + DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Answer requests to {@code path} whose body matches {@code xpath} with {@code body}. */
    private void serve(String path, String xpath, String body) {
        wm.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingXPath(xpath, NS))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/soap+xml").withBody(body)));
    }

    private void serveFault(String path, String xpath, int status, String body) {
        wm.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingXPath(xpath, NS))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/soap+xml").withBody(body)));
    }

    private int requests(String path, StringValuePattern body) {
        return wm.findAll(postRequestedFor(urlPathEqualTo(path)).withRequestBody(body)).size();
    }

    private static String tdcEnvelope(String body) {
        return "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"" + OnvifNs.SOAP + "\" xmlns:tdc=\"" + OnvifNs.TDC + "\" xmlns:tac=\""
                + OnvifNs.TAC + "\"><env:Body>" + body + "</env:Body></env:Envelope>";
    }

    @Test
    void everyCaptureOfTheDirectoryIsServedHere() throws Exception {
        Path dir = Path.of(OnvifDoorOpsTest.class.getResource("/onvif-captures/" + DIR).toURI());
        Set<String> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(files).isEqualTo(new TreeSet<>(COVERED));
        // the test copy is the shared reference, byte for byte
        Path shared = Path.of("/work/shared/reference/onvif-captures/" + DIR);
        if (Files.isDirectory(shared)) {
            for (String f : files) assertThat(Files.readString(dir.resolve(f))).as(f).isEqualTo(Files.readString(shared.resolve(f)));
        }
    }

    @Test
    void getServicesGivesTheDoorControlAndAccessControlXAddrs() {
        OnvifServiceMap advertised = await(new OnvifDeviceOps(soap, false).services(deadline()));
        assertThat(advertised.get(OnvifNs.TDC)).contains(URI.create("http://192.0.2.20/onvif/doorcontrol_service"));
        assertThat(advertised.get(OnvifNs.TAC)).contains(URI.create("http://192.0.2.20/onvif/accesscontrol_service"));
        OnvifServiceMap preserved = await(new OnvifDeviceOps(soap, true).services(deadline()));
        assertThat(preserved.get(OnvifNs.TDC)).contains(URI.create("http://127.0.0.1:" + wm.port() + DOOR_PATH));
        assertThat(preserved.get(OnvifNs.TAC)).contains(URI.create("http://127.0.0.1:" + wm.port() + AC_PATH));
    }

    @Test
    void aDeviceWithoutDoorControlIsUnsupportedNamingTheDevice() {
        OnvifServiceMap camera = OnvifServiceMap.of(device, Map.of(OnvifNs.TDS, device, OnvifNs.TAC, device), false);
        assertThatThrownBy(() -> new OnvifDoorOps(soap, camera))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED))
                .hasMessageContaining("127.0.0.1:" + wm.port()).hasMessageContaining("door control");
    }

    @Test
    void doorsWithTheirCapabilities() {
        serve(DOOR_PATH, "/s:Envelope/s:Body/tdc:GetDoorInfoList[not(*)]", capture("GetDoorInfoList.xml"));
        List<OnvifDoorInfo> doors = await(ops.doors(deadline()));
        assertThat(doors).extracting(OnvifDoorInfo::token).containsExactly("Door_1", "Door_2");
        OnvifDoorInfo d1 = doors.get(0);
        assertThat(d1.name()).isEqualTo("Server room");
        assertThat(d1.description()).isEqualTo("Main entrance, 1st floor");
        // DoubleLock and DoubleLockMonitor are "false": absent
        assertThat(d1.capabilities()).containsExactlyInAnyOrder("Access", "AccessTimingOverride", "Lock", "Unlock", "Block", "LockDown",
                "LockOpen", "DoorMonitor", "LockMonitor", "Alarm", "Tamper", "Fault");
        OnvifDoorInfo d2 = doors.get(1);
        assertThat(d2.name()).isEqualTo("Loading dock");
        assertThat(d2.description()).isNull();
        assertThat(d2.capabilities()).containsExactlyInAnyOrder("Access", "Lock", "Unlock", "DoorMonitor");
        assertThat(d2.can("LockDown")).isFalse();
    }

    @Test
    void pagedDoorsAreStitchedAndPageTwoCarriesTheStartReference() {
        serve(DOOR_PATH, "/s:Envelope/s:Body/tdc:GetDoorInfoList[not(tdc:StartReference)]", capture("GetDoorInfoList_paged.xml"));
        serve(DOOR_PATH, "/s:Envelope/s:Body/tdc:GetDoorInfoList[tdc:StartReference='page-2']", capture("GetDoorInfoList.xml"));
        List<OnvifDoorInfo> doors = await(ops.doors(deadline()));
        // Door_1 is on both pages: once, as the first page gave it
        assertThat(doors).extracting(OnvifDoorInfo::token).containsExactly("Door_1", "Door_2");
        assertThat(doors.get(0).capabilities()).containsExactlyInAnyOrder("Access", "Lock", "Unlock");
        assertThat(doors.get(1).name()).isEqualTo("Loading dock");
        assertThat(requests(DOOR_PATH, containing("GetDoorInfoList"))).isEqualTo(2);
        assertThat(requests(DOOR_PATH, matchingXPath("//tdc:GetDoorInfoList/tdc:StartReference[text()='page-2']", NS))).isEqualTo(1);
    }

    @Test
    void anInvalidStartReferenceStartsTheListAgainOnce() {
        String invalid = fault("SOAP-ENV:Sender", "ter:InvalidArgVal", "ter:InvalidStartReference", "list changed");
        wm.stubFor(post(urlPathEqualTo(DOOR_PATH)).inScenario("list").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingXPath("//tdc:GetDoorInfoList[not(tdc:StartReference)]", NS))
                .willReturn(aResponse().withStatus(200).withBody(capture("GetDoorInfoList_paged.xml"))));
        wm.stubFor(post(urlPathEqualTo(DOOR_PATH)).inScenario("list").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingXPath("//tdc:GetDoorInfoList[tdc:StartReference]", NS))
                .willReturn(aResponse().withStatus(400).withBody(invalid)).willSetStateTo("changed"));
        wm.stubFor(post(urlPathEqualTo(DOOR_PATH)).inScenario("list").whenScenarioStateIs("changed")
                .withRequestBody(matchingXPath("//tdc:GetDoorInfoList[not(tdc:StartReference)]", NS))
                .willReturn(aResponse().withStatus(200).withBody(capture("GetDoorInfoList.xml"))));
        List<OnvifDoorInfo> doors = await(ops.doors(deadline()));
        // the restarted walk keeps nothing of the first: Door_1 as the full list gives it
        assertThat(doors).extracting(OnvifDoorInfo::token).containsExactly("Door_1", "Door_2");
        assertThat(doors.get(0).can("LockDown")).isTrue();
        assertThat(requests(DOOR_PATH, containing("GetDoorInfoList"))).isEqualTo(3);
    }

    @Test
    void anInvalidStartReferenceAgainAfterTheRestartFails() {
        serve(DOOR_PATH, "//tdc:GetDoorInfoList[not(tdc:StartReference)]", capture("GetDoorInfoList_paged.xml"));
        serveFault(DOOR_PATH, "//tdc:GetDoorInfoList[tdc:StartReference]", 400,
                fault("SOAP-ENV:Sender", "ter:InvalidArgVal", "ter:InvalidStartReference", "list changed"));
        Throwable t = awaitFailure(ops.doors(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(t).hasMessageContaining("InvalidStartReference");
        assertThat(requests(DOOR_PATH, containing("GetDoorInfoList"))).isEqualTo(4);
    }

    @Test
    void aDeviceRepeatingItsNextStartReferenceFailsInsteadOfLooping() {
        // every request gets the first page back: NextStartReference page-2 forever
        serve(DOOR_PATH, "//tdc:GetDoorInfoList", capture("GetDoorInfoList_paged.xml"));
        Throwable t = awaitFailure(ops.doors(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("GetDoorInfoList").hasMessageContaining("'page-2' again");
        assertThat(requests(DOOR_PATH, containing("GetDoorInfoList"))).isEqualTo(2);
    }

    @Test
    void aDeviceWithEndlessNewReferencesStopsAtThePageBound() {
        wm.stubFor(post(urlPathEqualTo(DOOR_PATH)).withRequestBody(containing("GetDoorInfoList"))
                .willReturn(aResponse().withStatus(200).withTransformers("response-template")
                        .withBody(tdcEnvelope("<tdc:GetDoorInfoListResponse><tdc:NextStartReference>{{randomValue length=24 type='ALPHANUMERIC'}}"
                                + "</tdc:NextStartReference></tdc:GetDoorInfoListResponse>"))));
        OnvifDoorOps bounded = new OnvifDoorOps(soap, await(new OnvifDeviceOps(soap, true).services(deadline())), 5);
        Throwable t = awaitFailure(bounded.doors(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("GetDoorInfoList").hasMessageContaining("after 5 pages");
        assertThat(requests(DOOR_PATH, containing("GetDoorInfoList"))).isEqualTo(5);
    }

    @Test
    void doorStateLocked() {
        serve(DOOR_PATH, "/s:Envelope/s:Body/tdc:GetDoorState[tdc:Token='Door_1']", capture("GetDoorState_Locked.xml"));
        assertThat(await(ops.state("Door_1", deadline()))).isEqualTo(new OnvifDoorStatus(DoorState.Mode.LOCKED,
                DoorState.ContactState.CLOSED, DoorState.LockState.LOCKED, DoorState.Alarm.NORMAL, DoorState.Flag.CLEAR,
                DoorState.Flag.CLEAR, null));
        wm.verify(postRequestedFor(urlPathEqualTo(DOOR_PATH))
                .withHeader("Content-Type", containing("action=\"" + OnvifNs.TDC + "/GetDoorState\"")));
    }

    @Test
    void doorStateLockedDownForcedOpenWithTamper() {
        serve(DOOR_PATH, "//tdc:GetDoorState[tdc:Token='Door_1']", capture("GetDoorState_LockedDown_ForcedOpen.xml"));
        assertThat(await(ops.state("Door_1", deadline()))).isEqualTo(new OnvifDoorStatus(DoorState.Mode.LOCKED_DOWN,
                DoorState.ContactState.OPEN, DoorState.LockState.LOCKED, DoorState.Alarm.FORCED_OPEN, DoorState.Flag.ACTIVE,
                DoorState.Flag.CLEAR, null));
    }

    @Test
    void minimalDoorStateIsAllUnknown() {
        serve(DOOR_PATH, "//tdc:GetDoorState[tdc:Token='Door_2']", capture("GetDoorState_minimal.xml"));
        assertThat(await(ops.state("Door_2", deadline()))).isEqualTo(new OnvifDoorStatus(DoorState.Mode.UNKNOWN,
                DoorState.ContactState.UNKNOWN, DoorState.LockState.UNKNOWN, DoorState.Alarm.UNKNOWN, DoorState.Flag.UNKNOWN,
                DoorState.Flag.UNKNOWN, null));
    }

    @Test
    void anUnknownDoorIsNotFound() {
        serveFault(DOOR_PATH, "//tdc:GetDoorState[tdc:Token='Door_9']", 400, capture("GetDoorState_Fault_NotFound.xml"));
        Throwable t = awaitFailure(ops.state("Door_9", deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(t).hasMessageContaining("GetDoorState").hasMessageContaining("Unknown door token");
    }

    @Test
    void unlockWhileLockedDownIsRejectedWithTheDevicesReason() {
        serveFault(DOOR_PATH, "/s:Envelope/s:Body/tdc:UnlockDoor[tdc:Token='Door_1']", 500,
                capture("UnlockDoor_Fault_ActionFailure_while_LockedDown.xml"));
        Throwable t = awaitFailure(ops.unlock("Door_1", deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(t).hasMessageContaining("UnlockDoor").hasMessageContaining("Action/Failure")
                .hasMessageContaining("Door is LockedDown; only LockDownReleaseDoor is accepted");
        OnvifSoapFault f = OnvifSoapFault.in(t).orElseThrow();
        assertThat(f.reason()).isEqualTo("Door is LockedDown; only LockDownReleaseDoor is accepted");
        assertThat(f.has("Failure")).isTrue();
    }

    @Test
    void accessDoorSendsTheTokenThenTheAccessTime() {
        // the schema's order: Token, UseExtendedTime?, AccessTime?
        serve(DOOR_PATH, "/s:Envelope/s:Body/tdc:AccessDoor[count(*)=2 and *[1][self::tdc:Token]='Door_1'"
                + " and *[2][self::tdc:AccessTime]='PT0.5S']", capture("AccessDoor.xml"));
        serve(DOOR_PATH, "/s:Envelope/s:Body/tdc:AccessDoor[count(*)=1 and tdc:Token='Door_2']", capture("AccessDoor.xml"));
        await(ops.access("Door_1", Duration.ofMillis(500), deadline()));
        await(ops.access("Door_2", null, deadline()));
        assertThat(requests(DOOR_PATH, containing("AccessDoor"))).isEqualTo(2);
        wm.verify(postRequestedFor(urlPathEqualTo(DOOR_PATH)).withHeader("Content-Type", containing(OnvifNs.TDC + "/AccessDoor")));
        assertThat(WardenException.codeOf(awaitFailure(ops.access("Door_1", Duration.ofSeconds(-1), deadline()))))
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void lockDownAndTheOtherCommandsSendTheirOperationWithTheToken() {
        serve(DOOR_PATH, "/s:Envelope/s:Body/tdc:LockDownDoor[tdc:Token='Door_1']", capture("LockDownDoor.xml"));
        for (String op : List.of("LockDoor", "UnlockDoor", "LockDownReleaseDoor")) {
            serve(DOOR_PATH, "/s:Envelope/s:Body/tdc:" + op + "[tdc:Token='Door_1']", tdcEnvelope("<tdc:" + op + "Response/>"));
        }
        await(ops.lockDown("Door_1", deadline()));
        await(ops.lockDownRelease("Door_1", deadline()));
        await(ops.lock("Door_1", deadline()));
        await(ops.unlock("Door_1", deadline()));
        for (String op : List.of("LockDownDoor", "LockDownReleaseDoor", "LockDoor", "UnlockDoor")) {
            wm.verify(1, postRequestedFor(urlPathEqualTo(DOOR_PATH)).withHeader("Content-Type", containing("/doorcontrol/wsdl/" + op + "\"")));
        }
    }

    @Test
    void anotherOperationsAnswerIsNotASuccess() {
        // a device answering LockDoor with UnlockDoorResponse did not lock the door
        serve(DOOR_PATH, "//tdc:LockDoor", tdcEnvelope("<tdc:UnlockDoorResponse/>"));
        Throwable t = awaitFailure(ops.lock("Door_1", deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("LockDoorResponse");
        // the right name in the wrong namespace is not it either
        serve(DOOR_PATH, "//tdc:UnlockDoor", "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"" + OnvifNs.SOAP
                + "\"><env:Body><x:UnlockDoorResponse xmlns:x=\"urn:other\"/></env:Body></env:Envelope>");
        assertThat(awaitFailure(ops.unlock("Door_1", deadline()))).hasMessageContaining("urn:other");
    }

    @Test
    void tokensAreStringsAndEscaped() {
        serve(DOOR_PATH, "//tdc:GetDoorState[tdc:Token='0']", capture("GetDoorState_Locked.xml"));
        serve(DOOR_PATH, "//tdc:GetDoorState[tdc:Token='a<b&\"c']", capture("GetDoorState_minimal.xml"));
        assertThat(await(ops.state("0", deadline())).mode()).isEqualTo(DoorState.Mode.LOCKED);
        assertThat(await(ops.state("a<b&\"c", deadline())).mode()).isEqualTo(DoorState.Mode.UNKNOWN);
        assertThat(requests(DOOR_PATH, containing("<tdc:Token>a&lt;b&amp;&quot;c</tdc:Token>"))).isEqualTo(1);
    }

    @Test
    void accessPointsNameTheirDoorAndAreas() {
        serve(AC_PATH, "/s:Envelope/s:Body/tac:GetAccessPointInfoList[not(*)]", capture("GetAccessPointInfoList.xml"));
        assertThat(await(ops.accessPoints(deadline()))).containsExactly(
                new OnvifAccessPoint("AP_1_in", "Server room IN", "Door_1", "Area_Corridor", "Area_ServerRoom"),
                new OnvifAccessPoint("AP_1_out", "Server room OUT (REX)", "Door_1", "Area_ServerRoom", "Area_Corridor"));
        wm.verify(postRequestedFor(urlPathEqualTo(AC_PATH)).withHeader("Content-Type", containing(OnvifNs.TAC + "/GetAccessPointInfoList")));
    }

    @Test
    void areas() {
        serve(AC_PATH, "//tac:GetAreaInfoList", capture("GetAreaInfoList.xml"));
        assertThat(await(ops.areas(deadline()))).containsExactly(new OnvifArea("Area_Corridor", "Corridor", null),
                new OnvifArea("Area_ServerRoom", "Server room", "Restricted"));
    }

    @Test
    void withoutAccessControlThereAreNoAccessPointsAndNothingIsAsked() {
        OnvifServiceMap doorsOnly = OnvifServiceMap.of(device, Map.of(OnvifNs.TDC, URI.create("http://127.0.0.1:" + wm.port() + DOOR_PATH)), false);
        OnvifDoorOps d = new OnvifDoorOps(soap, doorsOnly);
        assertThat(d.hasAccessControl()).isFalse();
        assertThat(await(d.accessPoints(deadline()))).isEmpty();
        assertThat(await(d.areas(deadline()))).isEmpty();
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(AC_PATH)))).isEmpty();
    }

    @Test
    void accessPointsOfOtherEntitiesAreLeftOutAndOneWithoutEntityIsAnError() {
        serve(AC_PATH, "//tac:GetAccessPointInfoList", tdcEnvelope("<tac:GetAccessPointInfoListResponse>"
                + "<tac:AccessPointInfo token=\"0\"><tac:Name>Door zero</tac:Name><tac:EntityType>tdc:Door</tac:EntityType><tac:Entity>0</tac:Entity>"
                + "<tac:Capabilities DisableAccessPoint=\"false\"/></tac:AccessPointInfo>"
                + "<tac:AccessPointInfo token=\"AP_lift\" xmlns:x=\"urn:lift\"><tac:Name>Lift</tac:Name><tac:EntityType>x:Elevator</tac:EntityType>"
                + "<tac:Entity>Lift_1</tac:Entity><tac:Capabilities DisableAccessPoint=\"false\"/></tac:AccessPointInfo>"
                + "</tac:GetAccessPointInfoListResponse>"));
        assertThat(await(ops.accessPoints(deadline()))).containsExactly(new OnvifAccessPoint("0", "Door zero", "0", null, null));
        wm.resetMappings();
        stubClock(Duration.ZERO);
        serve(AC_PATH, "//tac:GetAccessPointInfoList", tdcEnvelope("<tac:GetAccessPointInfoListResponse>"
                + "<tac:AccessPointInfo token=\"AP_x\"><tac:Name>X</tac:Name><tac:Capabilities DisableAccessPoint=\"false\"/></tac:AccessPointInfo>"
                + "</tac:GetAccessPointInfoListResponse>"));
        Throwable t = awaitFailure(ops.accessPoints(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("AP_x").hasMessageContaining("tac:Entity");
    }

    // ---- hostile answers

    @Test
    void aDoorStateWithoutDoorModeIsAProtocolError() {
        serve(DOOR_PATH, "//tdc:GetDoorState", tdcEnvelope("<tdc:GetDoorStateResponse><tdc:DoorState>"
                + "<tdc:DoorPhysicalState>Closed</tdc:DoorPhysicalState><tdc:LockPhysicalState>Unlocked</tdc:LockPhysicalState>"
                + "</tdc:DoorState></tdc:GetDoorStateResponse>"));
        Throwable t = awaitFailure(ops.state("Door_1", deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("GetDoorState").hasMessageContaining("tdc:DoorMode");
    }

    @Test
    void aReplyWithoutDoorStateIsAProtocolError() {
        serve(DOOR_PATH, "//tdc:GetDoorState", tdcEnvelope("<tdc:GetDoorStateResponse/>"));
        assertThat(awaitFailure(ops.state("Door_1", deadline()))).isInstanceOfSatisfying(WardenException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR)).hasMessageContaining("tdc:DoorState");
    }

    @Test
    void unknownValuesAreUnknownAndAPhysicalFaultLeavesTheFaultAsReported() {
        serve(DOOR_PATH, "//tdc:GetDoorState[tdc:Token='Door_1']", tdcEnvelope("<tdc:GetDoorStateResponse><tdc:DoorState>"
                + "<tdc:DoorPhysicalState>Fault</tdc:DoorPhysicalState><tdc:LockPhysicalState>Fault</tdc:LockPhysicalState>"
                + "<tdc:Alarm>Smoke</tdc:Alarm><tdc:Tamper><tdc:State>Wobbly</tdc:State></tdc:Tamper>"
                + "<tdc:Fault><tdc:Reason>Strike coil open</tdc:Reason><tdc:State>NotInFault</tdc:State></tdc:Fault>"
                + "<tdc:DoorMode>Evacuation</tdc:DoorMode></tdc:DoorState></tdc:GetDoorStateResponse>"));
        serve(DOOR_PATH, "//tdc:GetDoorState[tdc:Token='Door_2']", tdcEnvelope("<tdc:GetDoorStateResponse><tdc:DoorState>"
                + "<tdc:Fault><tdc:Reason>Strike coil open</tdc:Reason><tdc:State>FaultDetected</tdc:State></tdc:Fault>"
                + "<tdc:DoorMode> DoubleLocked </tdc:DoorMode></tdc:DoorState></tdc:GetDoorStateResponse>"));
        assertThat(await(ops.state("Door_1", deadline()))).isEqualTo(new OnvifDoorStatus(DoorState.Mode.UNKNOWN,
                DoorState.ContactState.UNKNOWN, DoorState.LockState.UNKNOWN, DoorState.Alarm.UNKNOWN, DoorState.Flag.UNKNOWN,
                DoorState.Flag.CLEAR, "Strike coil open"));
        assertThat(await(ops.state("Door_2", deadline()))).isEqualTo(new OnvifDoorStatus(DoorState.Mode.DOUBLE_LOCKED,
                DoorState.ContactState.UNKNOWN, DoorState.LockState.UNKNOWN, DoorState.Alarm.UNKNOWN, DoorState.Flag.UNKNOWN,
                DoorState.Flag.ACTIVE, "Strike coil open"));
    }

    @Test
    void aSoap11EnvelopeIsRefusedClearly() {
        serve(DOOR_PATH, "//tdc:GetDoorState", "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"" + OnvifNs.SOAP11 + "\" xmlns:tdc=\""
                + OnvifNs.TDC + "\"><soap:Body><tdc:GetDoorStateResponse><tdc:DoorState><tdc:DoorMode>Locked</tdc:DoorMode>"
                + "</tdc:DoorState></tdc:GetDoorStateResponse></soap:Body></soap:Envelope>");
        Throwable t = awaitFailure(ops.state("Door_1", deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("not a SOAP 1.2 envelope");
    }

    @Test
    void aDoorListInAnotherNamespaceIsNotAnEmptyList() {
        serve(DOOR_PATH, "//tdc:GetDoorInfoList", "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"" + OnvifNs.SOAP
                + "\"><env:Body><x:GetDoorInfoListResponse xmlns:x=\"urn:other\"><x:DoorInfo token=\"D\"/></x:GetDoorInfoListResponse>"
                + "</env:Body></env:Envelope>");
        Throwable t = awaitFailure(ops.doors(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("urn:other");
    }

    @Test
    void aDoorWithoutTokenIsAProtocolError() {
        serve(DOOR_PATH, "//tdc:GetDoorInfoList", tdcEnvelope("<tdc:GetDoorInfoListResponse><tdc:DoorInfo><tdc:Name>Nameless</tdc:Name>"
                + "<tdc:Capabilities Lock=\"true\"/></tdc:DoorInfo></tdc:GetDoorInfoListResponse>"));
        Throwable t = awaitFailure(ops.doors(deadline()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        assertThat(t).hasMessageContaining("token");
    }

    @Test
    void nothingIsSentAfterTheDeadline() {
        Throwable t = awaitFailure(ops.lock("Door_1", Instant.now().minusMillis(1)));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_TIMEOUT);
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(DOOR_PATH)))).isEmpty();
    }
}
