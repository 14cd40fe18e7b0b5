package io.warden.adapter.onvif.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.adapter.onvif.soap.OnvifXml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Notification and subscription replies: the real agsh captures, the spec-derived door events, and hostile input. */
class OnvifNotificationParsingTest {

    static Element body(byte[] xml) {
        return OnvifXml.path(OnvifXml.parse(xml).getDocumentElement(), OnvifNs.SOAP, "Body")
                .flatMap(b -> OnvifXml.elements(b).stream().findFirst()).orElseThrow();
    }

    static Element capture(String path) {
        try (InputStream in = OnvifNotificationParsingTest.class.getResourceAsStream("/onvif-captures/" + path)) {
            assertThat(in).as(path).isNotNull();
            return body(in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Element pullResponse(String namespaces, String messages) {
        String xml = "<env:Envelope xmlns:env=\"" + OnvifNs.SOAP + "\" xmlns:tev=\"" + OnvifNs.TEV + "\" xmlns:wsnt=\"" + OnvifNs.WSNT
                + "\" xmlns:tt=\"" + OnvifNs.TT + "\"" + namespaces + "><env:Body><tev:PullMessagesResponse>"
                + "<tev:CurrentTime>2025-03-01T10:00:05Z</tev:CurrentTime><tev:TerminationTime>2025-03-01T10:01:05Z</tev:TerminationTime>"
                + messages + "</tev:PullMessagesResponse></env:Body></env:Envelope>";
        return body(xml.getBytes(StandardCharsets.UTF_8));
    }

    static String message(String topicAttrs, String topic, String messageAttrs) {
        return "<wsnt:NotificationMessage><wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\"" + topicAttrs
                + ">" + topic + "</wsnt:Topic><wsnt:Message><tt:Message" + messageAttrs + "><tt:Source>"
                + "<tt:SimpleItem Name=\"DoorToken\" Value=\"Door_1\"/></tt:Source><tt:Data><tt:SimpleItem Name=\"State\" Value=\"Locked\"/>"
                + "</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>";
    }

    @Test
    void agshCaptureGivesTwoCellMotionMessagesWithTrimmedResolvedTopics() {
        OnvifEventParsers.Pulled p = OnvifEventParsers.pullMessages(capture("agsh-onvif-camera/PullMessages.xml"));

        assertThat(p.times()).isEqualTo(new OnvifEventParsers.Times(Instant.parse("2000-01-03T03:58:33Z"),
                Instant.parse("2000-01-03T04:04:02Z")));
        assertThat(p.skipped()).isZero();
        assertThat(p.messages()).hasSize(2).allSatisfy(m -> {
            assertThat(m.topic()).isEqualTo("RuleEngine/CellMotionDetector/Motion");
            assertThat(m.under("RuleEngine/CellMotionDetector")).isTrue();
            assertThat(m.utcTime()).isEqualTo(Instant.parse("2015-05-14T13:57:50.230Z"));
            assertThat(m.operation()).isNull();
            assertThat(m.source()).containsExactly(Map.entry("VideoSourceConfigurationToken", "000"),
                    Map.entry("VideoAnalyticsConfigurationToken", "000"), Map.entry("Rule", "000"));
            assertThat(m.data()).containsExactly(Map.entry("IsMotion", "true"));
        });
    }

    @Test
    void agshSubscriptionKeepsTheAddressQueryAndReadsTheWsntTimes() {
        OnvifEventParsers.Reference r = OnvifEventParsers.subscription(capture("agsh-onvif-camera/CreatePullPointSubscription.xml"));

        assertThat(r.address()).isEqualTo("http://192.168.68.111:80/onvif/subscription?Idx=6");
        assertThat(r.uri(java.net.URI.create("http://127.0.0.1/onvif/events")).getRawQuery()).isEqualTo("Idx=6");
        assertThat(r.referenceParameters()).isEmpty();
        assertThat(r.times()).isEqualTo(new OnvifEventParsers.Times(Instant.parse("2015-05-14T13:57:50.230Z"),
                Instant.parse("2015-05-14T13:57:55.230Z")));
    }

    @Test
    void syntheticDoorEventsKeepOrderOperationsAndData() {
        List<OnvifNotification> m = OnvifEventParsers.pullMessages(capture("_synthetic-spec-derived/PullMessages_DoorEvents.xml")).messages();

        assertThat(m).extracting(OnvifNotification::topic).containsExactly("AccessControl/AccessGranted/Credential",
                "Door/State/DoorMode", "Door/State/DoorPhysicalState", "AccessControl/Denied/Credential", "Door/State/DoorAlarm");
        assertThat(m).extracting(OnvifNotification::operation).containsExactly(null, "Changed", "Changed", null, "Changed");
        assertThat(m.get(0).source()).containsExactly(Map.entry("AccessPointToken", "AP_1_in"));
        assertThat(m.get(0).data()).containsExactly(Map.entry("CredentialToken", "Cred_0042"), Map.entry("CredentialHolderName", "J. Doe"));
        assertThat(m.get(0).utcTime()).isEqualTo(Instant.parse("2025-03-01T10:00:01.120Z"));
        assertThat(m.get(1).data()).containsExactly(Map.entry("State", "Accessed"));
        assertThat(m.get(3).data()).containsEntry("Reason", "CredentialExpired");
        assertThat(m.get(4).source()).containsExactly(Map.entry("DoorToken", "Door_2"));
        assertThat(m.get(4).data()).containsExactly(Map.entry("State", "DoorForcedOpen"));
    }

    @Test
    void topicPrefixResolvesWhereverItIsDeclared() {
        String onTopic = message(" xmlns:x=\"" + OnvifNs.TNS1 + "\"", "\n   x:Door/State/DoorMode \n", " UtcTime=\"2025-03-01T10:00:00Z\"");
        String otherNs = message("", "ax:Camera/Tamper", " UtcTime=\"2025-03-01T10:00:00Z\"");
        String undeclared = message("", "nope:Door/State/LockPhysicalState", " UtcTime=\"2025-03-01T10:00:00Z\"");
        String bare = message("", "Door/State/DoorFault", " UtcTime=\"2025-03-01T10:00:00Z\"");
        // the prefix declared on an ancestor other than the envelope, and rebound to a different namespace
        String nested = "<wsnt:NotificationMessage xmlns:q=\"" + OnvifNs.TNS1 + "\">"
                + message("", "q:AccessControl/Duress", " UtcTime=\"2025-03-01T10:00:00Z\"")
                        .replace("<wsnt:NotificationMessage>", "").replace("</wsnt:NotificationMessage>", "") + "</wsnt:NotificationMessage>";

        List<OnvifNotification> m = OnvifEventParsers.pullMessages(pullResponse(" xmlns:ax=\"urn:acme:topics\"",
                onTopic + otherNs + undeclared + bare + nested)).messages();

        assertThat(m).extracting(OnvifNotification::topic).containsExactly("Door/State/DoorMode", "{urn:acme:topics}Camera/Tamper",
                "Door/State/LockPhysicalState", "Door/State/DoorFault", "AccessControl/Duress");
    }

    @Test
    void utcTimeWithFractionsMissingSecondsOrNoZoneIsRead() {
        List<OnvifNotification> m = OnvifEventParsers.pullMessages(pullResponse("",
                message("", "tns1:Door/State/DoorMode", " UtcTime=\"2025-03-01T10:00:01.123456Z\" PropertyOperation=\"Initialized\"")
                        + message("", "tns1:Door/State/DoorMode", " UtcTime=\"2025-03-01T10:07Z\" PropertyOperation=\" Deleted \"")
                        + message("", "tns1:Door/State/DoorMode", " UtcTime=\"2025-03-01T11:00:00+01:00\" PropertyOperation=\"Bogus\""))).messages();

        assertThat(m).extracting(OnvifNotification::utcTime).containsExactly(Instant.parse("2025-03-01T10:00:01.123456Z"),
                Instant.parse("2025-03-01T10:07:00Z"), Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(m).extracting(OnvifNotification::operation).containsExactly("Initialized", "Deleted", null);
    }

    @Test
    void badMessagesAreSkippedAndTheRestDelivered() {
        String good = message("", "tns1:Door/State/DoorMode", " UtcTime=\"2025-03-01T10:00:00Z\"");
        String noTime = message("", "tns1:Door/State/DoorMode", "");
        String badTime = message("", "tns1:Door/State/DoorMode", " UtcTime=\"yesterday\"");
        String garbageTopic = message("", "tns1:Door State &lt;script&gt;", " UtcTime=\"2025-03-01T10:00:00Z\"");
        String emptyTopic = message("", "  ", " UtcTime=\"2025-03-01T10:00:00Z\"");
        String prefixOnly = message("", "tns1:", " UtcTime=\"2025-03-01T10:00:00Z\"");
        String noMessage = "<wsnt:NotificationMessage><wsnt:Topic>tns1:Door/State/DoorMode</wsnt:Topic></wsnt:NotificationMessage>";
        String noTopic = "<wsnt:NotificationMessage><wsnt:Message><tt:Message UtcTime=\"2025-03-01T10:00:00Z\"/></wsnt:Message></wsnt:NotificationMessage>";
        String longTopic = message("", "tns1:" + "A/".repeat(400) + "B", " UtcTime=\"2025-03-01T10:00:00Z\"");

        OnvifEventParsers.Pulled p = OnvifEventParsers.pullMessages(pullResponse("",
                noTime + good + badTime + garbageTopic + emptyTopic + prefixOnly + noMessage + noTopic + longTopic + good));

        assertThat(p.messages()).hasSize(2).allSatisfy(m -> assertThat(m.topic()).isEqualTo("Door/State/DoorMode"));
        assertThat(p.skipped()).isEqualTo(8);
    }

    @Test
    void oneBadMessageNamesWhatIsWrong() throws Exception {
        Element r = pullResponse("", message("", "tns1:Door/State/DoorMode", ""));
        Element m = OnvifXml.child(r, OnvifNs.WSNT, "NotificationMessage").orElseThrow();
        assertThatThrownBy(() -> OnvifEventParsers.notification(m)).isInstanceOf(WardenException.class)
                .hasMessageContaining("no UtcTime on topic Door/State/DoorMode")
                .satisfies(e -> assertThat(((WardenException) e).code()).isEqualTo(ErrorCode.PROTOCOL_ERROR));
    }

    @Test
    void thousandsOfMessagesParse() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            b.append(message("", "tns1:Door/State/DoorMode", " UtcTime=\"2025-03-01T10:00:00." + String.format("%03d", i % 1000) + "Z\""));
            if (i % 7 == 0) b.append(message("", "tns1:Door/State/DoorMode", ""));
        }
        OnvifEventParsers.Pulled p = OnvifEventParsers.pullMessages(pullResponse("", b.toString()));
        assertThat(p.messages()).hasSize(5000);
        assertThat(p.skipped()).isEqualTo(715);
    }

    @Test
    void subscriptionWithoutAddressOrWithAGarbageOneIsAProtocolError() {
        String head = "<env:Envelope xmlns:env=\"" + OnvifNs.SOAP + "\" xmlns:tev=\"" + OnvifNs.TEV + "\" xmlns:wsa=\"" + OnvifNs.WSA
                + "\"><env:Body><tev:CreatePullPointSubscriptionResponse>";
        String tail = "</tev:CreatePullPointSubscriptionResponse></env:Body></env:Envelope>";
        assertThatThrownBy(() -> OnvifEventParsers.subscription(body((head + tail).getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("lacks tev:SubscriptionReference");
        assertThatThrownBy(() -> OnvifEventParsers.subscription(body((head + "<tev:SubscriptionReference><wsa:Address> </wsa:Address>"
                + "</tev:SubscriptionReference>" + tail).getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("wsa:Address");
        assertThatThrownBy(() -> OnvifEventParsers.subscription(body((head + "<tev:SubscriptionReference><wsa:Address>http://a b/%%</wsa:Address>"
                + "</tev:SubscriptionReference>" + tail).getBytes(StandardCharsets.UTF_8)))).hasMessageContaining("not a URI");
    }

    @Test
    void referenceParametersBecomeSelfContainedHeaders() {
        String xml = "<env:Envelope xmlns:env=\"" + OnvifNs.SOAP + "\" xmlns:tev=\"" + OnvifNs.TEV + "\" xmlns:wsa=\"" + OnvifNs.WSA
                + "\" xmlns:wsnt=\"" + OnvifNs.WSNT + "\" xmlns:dom=\"urn:vendor:sub\"><env:Body><tev:CreatePullPointSubscriptionResponse>"
                + "<tev:SubscriptionReference><wsa:Address>http://10.0.0.2/onvif/Events/PullSubManager_1?Idx=3&amp;x=1</wsa:Address>"
                + "<wsa:ReferenceParameters><dom:SubscriptionId a=\"1\">42</dom:SubscriptionId><dom:Kind>dom:Pull</dom:Kind>"
                + "</wsa:ReferenceParameters></tev:SubscriptionReference>"
                + "<tev:CurrentTime>2025-03-01T10:00:00Z</tev:CurrentTime>" // the wrong namespace is still understood
                + "<wsnt:TerminationTime>2025-03-01T10:01:00Z</wsnt:TerminationTime>"
                + "</tev:CreatePullPointSubscriptionResponse></env:Body></env:Envelope>";
        OnvifEventParsers.Reference r = OnvifEventParsers.subscription(body(xml.getBytes(StandardCharsets.UTF_8)));

        assertThat(r.address()).isEqualTo("http://10.0.0.2/onvif/Events/PullSubManager_1?Idx=3&x=1");
        assertThat(r.times().termination()).isEqualTo(Instant.parse("2025-03-01T10:01:00Z"));
        assertThat(r.referenceParameters()).hasSize(2);
        // each header parses on its own: element in its namespace, the QName-valued text's prefix still declared
        Element id = body(("<env:Envelope xmlns:env=\"" + OnvifNs.SOAP + "\"><env:Body>" + r.referenceParameters().get(0)
                + "</env:Body></env:Envelope>").getBytes(StandardCharsets.UTF_8));
        assertThat(id.getNamespaceURI()).isEqualTo("urn:vendor:sub");
        assertThat(id.getAttribute("a")).isEqualTo("1");
        assertThat(OnvifXml.text(id)).isEqualTo("42");
        assertThat(id.getAttributeNS(OnvifNs.WSA, "IsReferenceParameter")).isEqualTo("true");
        Element kind = body(("<env:Envelope xmlns:env=\"" + OnvifNs.SOAP + "\"><env:Body>" + r.referenceParameters().get(1)
                + "</env:Body></env:Envelope>").getBytes(StandardCharsets.UTF_8));
        assertThat(OnvifXml.qname(kind, OnvifXml.text(kind)).getNamespaceURI()).isEqualTo("urn:vendor:sub");
    }
}
