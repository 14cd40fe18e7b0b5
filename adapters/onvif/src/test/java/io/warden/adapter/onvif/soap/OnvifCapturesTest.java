package io.warden.adapter.onvif.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.CameraInfo;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Every captured device answer (onvif-captures/, see SOURCES.md) parsed into the values it holds. */
class OnvifCapturesTest {

    static Document doc(String path) {
        try (InputStream in = OnvifCapturesTest.class.getResourceAsStream("/onvif-captures/" + path)) {
            assertThat(in).as(path).isNotNull();
            return OnvifXml.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Element body(String path) {
        return OnvifXml.path(doc(path).getDocumentElement(), OnvifNs.SOAP, "Body").flatMap(b -> OnvifXml.elements(b).stream().findFirst())
                .orElseThrow();
    }

    @Test
    void everyCaptureParsesWithTheHardenedParser() throws Exception {
        Path root = Path.of(OnvifCapturesTest.class.getResource("/onvif-captures").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".xml")).toList();
        }
        assertThat(files).hasSizeGreaterThan(50);
        for (Path p : files) {
            Element env = OnvifXml.parse(Files.readAllBytes(p)).getDocumentElement();
            assertThat(env.getNamespaceURI()).as(p.toString()).isEqualTo(OnvifNs.SOAP);
            assertThat(OnvifXml.child(env, OnvifNs.SOAP, "Body")).as(p.toString()).isPresent();
        }
    }

    @Test
    void systemDateAndTime() {
        assertThat(OnvifDeviceParsers.systemDateAndTime(body("agsh-onvif-camera/GetSystemDateAndTime.xml")))
                .isEqualTo(Instant.parse("2014-12-24T19:14:37Z"));
        assertThat(OnvifDeviceParsers.systemDateAndTime(body("bosch-flexidome-5100i/GetSystemDateAndTime.xml")))
                .isEqualTo(Instant.parse("2023-05-24T21:25:05Z"));
    }

    @Test
    void posixTimeZonesForLocalTimeFallback() {
        assertThat(OnvifDeviceParsers.posixOffsetSeconds("UTC5:0")).isEqualTo(5 * 3600);
        assertThat(OnvifDeviceParsers.posixOffsetSeconds("CST-8")).isEqualTo(-8 * 3600);
        assertThat(OnvifDeviceParsers.posixOffsetSeconds("EST5EDT,M3.2.0,M11.1.0")).isEqualTo(5 * 3600);
        assertThat(OnvifDeviceParsers.posixOffsetSeconds("MoroccoStandardTime0")).isZero();
        assertThat(OnvifDeviceParsers.posixOffsetSeconds("garbage")).isZero();
    }

    @Test
    void deviceInformation() {
        assertThat(OnvifDeviceParsers.deviceInformation(body("bosch-flexidome-5100i/GetDeviceInformation.xml")))
                .isEqualTo(new CameraInfo("Bosch", "FLEXIDOME indoor 5100i IR", "8.71.0066", "404754734001050102", "F000B543"));
        assertThat(OnvifDeviceParsers.deviceInformation(body("agsh-onvif-camera/GetDeviceInformation.xml")))
                .isEqualTo(new CameraInfo("Mockup Manufacturer", "Mockup Model", "Mockup_15_14_13", "00000000", "MOCKUP"));
    }

    @Test
    void servicesMapNamespacesToXAddrs() {
        Map<String, URI> agsh = OnvifDeviceParsers.services(body("agsh-onvif-camera/GetServices.xml"));
        assertThat(agsh).containsEntry(OnvifNs.TDS, URI.create("http://192.168.68.111/onvif/services"))
                .containsEntry(OnvifNs.TRT, URI.create("http://192.168.68.111/onvif/services"))
                .containsEntry(OnvifNs.TEV, URI.create("http://192.168.68.111/onvif/services"))
                .hasSize(6);
        Map<String, URI> door = OnvifDeviceParsers.services(body("_synthetic-spec-derived/GetServices_DoorController.xml"));
        assertThat(door).containsEntry("http://www.onvif.org/ver10/doorcontrol/wsdl", URI.create("http://192.0.2.20/onvif/doorcontrol_service"))
                .containsEntry("http://www.onvif.org/ver10/accesscontrol/wsdl", URI.create("http://192.0.2.20/onvif/accesscontrol_service"));
    }

    @Test
    void capabilitiesXAddrsIncludingProfileGExtension() {
        Map<String, URI> bosch = OnvifDeviceParsers.capabilities(body("bosch-flexidome-5100i/GetCapabilities.xml"));
        assertThat(bosch).containsEntry(OnvifNs.TDS, URI.create("http://192.168.1.201/onvif/device_service"))
                .containsEntry(OnvifNs.TRT, URI.create("http://192.168.1.201/onvif/media_service"))
                .containsEntry(OnvifNs.TEV, URI.create("http://192.168.1.201/onvif/event_service"))
                .containsEntry(OnvifNs.TRC, URI.create("http://192.168.1.201/onvif/Rec_service"))
                .containsEntry(OnvifNs.TSE, URI.create("http://192.168.1.201/onvif/search_service"))
                .containsEntry(OnvifNs.TRP, URI.create("http://192.168.1.201/onvif/replay_service"));
        Map<String, URI> dahua = OnvifDeviceParsers.capabilities(body("dahua-go2rtc/GetCapabilities.xml"));
        assertThat(dahua).containsEntry(OnvifNs.TRT, URI.create("http://192.168.1.123/onvif/media_service"))
                .doesNotContainKeys(OnvifNs.TSE, OnvifNs.TRP);
        Map<String, URI> agsh = OnvifDeviceParsers.capabilities(body("agsh-onvif-camera/GetCapabilities.xml"));
        assertThat(agsh).containsEntry(OnvifNs.TDS, URI.create("http://192.168.68.111/onvif/services"))
                .containsEntry(OnvifNs.TRT, URI.create("http://192.168.68.111/onvif/services"));
    }

    @Test
    void media1ProfilesThroughOnvifJavaTypes() {
        List<OnvifProfile> bosch = OnvifMediaParsers.profiles1(body("bosch-flexidome-5100i/GetProfiles.xml"));
        assertThat(bosch).extracting(OnvifProfile::token).containsExactly("0", "1", "2", "3");
        assertThat(bosch.get(0)).isEqualTo(new OnvifProfile("0", "Profile_L1S1", "H264", 1920, 1080, "1"));
        assertThat(bosch.get(3)).isEqualTo(new OnvifProfile("3", "Profile_L1S4", "H264", 512, 288, "1"));
        assertThat(OnvifMediaOps.choose(bosch, null).token()).isEqualTo("0");
        assertThat(OnvifMediaOps.choose(bosch, "2").width()).isEqualTo(1280);
        assertThatThrownBy(() -> OnvifMediaOps.choose(bosch, "9")).satisfies(t ->
                assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.NOT_FOUND));

        List<OnvifProfile> agsh = OnvifMediaParsers.profiles1(body("agsh-onvif-camera/GetProfiles.xml"));
        assertThat(agsh).containsExactly(new OnvifProfile("main", "main", "H264", 1920, 1080, "vidsrc0"));
    }

    @Test
    void media2ProfilesOfMilesight() {
        List<OnvifProfile> p = OnvifMediaParsers.profiles2(body("milesight-ex_nvr/GetProfiles_media2.xml"));
        assertThat(p).hasSize(2);
        assertThat(p.get(0)).isEqualTo(new OnvifProfile("Profile_1", "MsMediaProfile1", "H264", 1920, 1080, "VideoSourceToken"));
        assertThat(p.get(1).token()).isEqualTo("Profile_2");
        assertThat(p.get(1).width()).isEqualTo(640);
        assertThat(p.get(1).height()).isEqualTo(480);
        assertThat(OnvifMediaParsers.mediaUri2(body("milesight-ex_nvr/GetStreamUri_media2.xml"), "GetStreamUri"))
                .isEqualTo(URI.create("rtsp://192.168.8.101:9101/main"));
    }

    @Test
    void streamAndSnapshotUrisTrimmedAndUnescaped() {
        assertThat(uri1("agsh-onvif-camera/GetStreamUri.xml")).isEqualTo(URI.create("rtsp://192.168.68.111/h264main"));
        assertThat(uri1("agsh-onvif-camera/GetSnapshotUri.xml"))
                .isEqualTo(URI.create("http://192.168.68.111/onvif-cgi/jpg/image.cgi?resolution=800x600&compression=20&camera=1"));
        assertThat(uri1("bosch-flexidome-5100i/GetStreamUri.xml")).isEqualTo(URI.create("rtsp://192.168.1.201/rtsp_tunnel?p=0&line=1&inst=1&vcd=2"));
        assertThat(uri1("bosch-flexidome-5100i/GetStreamUri_2.xml")).isEqualTo(URI.create("rtsp://192.168.1.201/rtsp_tunnel?p=1&line=1&inst=2&vcd=2"));
        assertThat(uri1("bosch-flexidome-5100i/GetStreamUri_3.xml")).isEqualTo(URI.create("rtsp://192.168.1.201/rtsp_tunnel?p=2&line=1&inst=3&vcd=2"));
        assertThat(uri1("bosch-flexidome-5100i/GetStreamUri_4.xml")).isEqualTo(URI.create("rtsp://192.168.1.201/rtsp_tunnel?p=3&line=1&inst=4&vcd=2"));
        assertThat(uri1("bosch-flexidome-5100i/GetSnapshotUri.xml")).isEqualTo(URI.create("http://192.168.1.201/snap.jpg?JpegCam=1"));
        URI dahua = URI.create("rtsp://192.168.1.123:554/cam/realmonitor?channel=1&subtype=1&unicast=true&proto=Onvif");
        assertThat(uri1("dahua-go2rtc/GetStreamUri.xml")).isEqualTo(dahua);
        assertThat(uri1("dahua-go2rtc/GetStreamUri_pretty_whitespace_in_uri.xml")).isEqualTo(dahua);
        assertThat(uri1("dahua-go2rtc/GetSnapshotUri.xml"))
                .isEqualTo(URI.create("http://192.168.1.123/onvifsnapshot/media_service/snapshot?channel=1&subtype=1"));
    }

    private static URI uri1(String path) {
        return OnvifMediaParsers.mediaUri1(body(path), "test");
    }

    @Test
    void faultCapturesMapToErrorCodes() {
        OnvifSoapFault notFound = OnvifSoapFault.of(doc("_synthetic-spec-derived/GetDoorState_Fault_NotFound.xml")).orElseThrow();
        assertThat(notFound.subcodeNames()).isEqualTo("InvalidArgs/NotFound");
        assertThat(notFound.reason()).isEqualTo("Unknown door token");
        assertThat(notFound.toException("GetDoorState").code()).isEqualTo(ErrorCode.NOT_FOUND);
        OnvifSoapFault failure = OnvifSoapFault.of(doc("_synthetic-spec-derived/UnlockDoor_Fault_ActionFailure_while_LockedDown.xml")).orElseThrow();
        WardenException e = failure.toException("UnlockDoor");
        assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_REJECTED);
        assertThat(e.getMessage()).contains("Action/Failure");
        assertThat(OnvifSoapFault.of(doc("bosch-flexidome-5100i/GetDeviceInformation.xml"))).isEmpty();
    }
}
