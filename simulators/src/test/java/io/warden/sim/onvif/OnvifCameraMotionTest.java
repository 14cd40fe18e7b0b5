package io.warden.sim.onvif;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The camera's scripted motion detector through its pull point (CellMotionDetector/Motion, onvif.md §5). */
class OnvifCameraMotionTest extends OnvifSimTestBase {
    static final String MOTION = "tns1:VideoSource/MotionAlarm|tns1:RuleEngine/CellMotionDetector/Motion";

    @Test
    void motionIsInitializedOnSubscribeThenChangedOnlyWhenItChanges() throws Exception {
        String path = subscribe(MOTION);
        List<Element> burst = pull(path, "PT5S");
        assertThat(burst).hasSize(1);
        assertThat(burst.get(0).getAttribute("PropertyOperation")).isEqualTo("Initialized");
        assertThat(item(burst.get(0), "Source", "VideoSourceConfigurationToken")).isEqualTo("VideoSource_1");
        assertThat(item(burst.get(0), "Source", "Rule")).isEqualTo("MyMotionDetectorRule");
        assertThat(item(burst.get(0), "Data", "IsMotion")).isEqualTo("false");

        sim.motion("VideoSource_1", true);
        sim.motion("VideoSource_1", true);
        sim.motion("VideoSource_1", false);
        List<Element> changes = new ArrayList<>();
        for (int i = 0; i < 5 && changes.size() < 2; i++) changes.addAll(pull(path, "PT2S"));
        assertThat(changes).extracting(m -> item(m, "Data", "IsMotion")).containsExactly("true", "false");
        assertThat(changes).allMatch(m -> "Changed".equals(m.getAttribute("PropertyOperation")));
        assertThat(changes.get(0).getAttribute("UtcTime")).isEqualTo("2026-03-02T10:00:00Z");
    }

    @Test
    void aSubscriptionFilteredOnOtherTopicsHearsNoMotion() throws Exception {
        String path = subscribe("tns1:Door//.");
        sim.motion("VideoSource_1", true);
        assertThat(pull(path, "PT1S")).isEmpty();
    }

    @Test
    void aPullWaitingForMotionAnswersWhenItStarts() throws Exception {
        String path = subscribe(MOTION);
        pull(path, "PT5S");
        CompletableFuture<List<Element>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pull(path, "PT10S");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        sim.motion("VideoSource_1", true);
        List<Element> got = await(Future.fromCompletionStage(waiting));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        assertThat(got).extracting(m -> item(m, "Data", "IsMotion")).containsExactly("true");
    }

    private String subscribe(String filter) throws Exception {
        OnvifSimTestClient.Reply sub = call("/onvif/event_service", "<CreatePullPointSubscription xmlns=\"http://www.onvif.org/ver10/events/wsdl\">"
                + "<Filter><wsnt:TopicExpression xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\""
                + " Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">" + filter + "</wsnt:TopicExpression></Filter>"
                + "</CreatePullPointSubscription>");
        String address = sub.text(io.warden.adapter.onvif.soap.OnvifNs.WSA, "Address");
        return address.substring(address.indexOf("/onvif/"));
    }

    private List<Element> pull(String path, String timeout) throws Exception {
        OnvifSimTestClient.Reply r = call(path, "<PullMessages xmlns=\"http://www.onvif.org/ver10/events/wsdl\"><Timeout>" + timeout
                + "</Timeout><MessageLimit>10</MessageLimit></PullMessages>");
        assertThat(r.op().getLocalName()).isEqualTo("PullMessagesResponse");
        NodeList nl = r.doc().getElementsByTagNameNS(io.warden.adapter.onvif.soap.OnvifNs.TT, "Message");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) out.add((Element) nl.item(i));
        NodeList topics = r.doc().getElementsByTagNameNS(io.warden.adapter.onvif.soap.OnvifNs.WSNT, "Topic");
        for (int i = 0; i < topics.getLength(); i++) {
            assertThat(topics.item(i).getTextContent().strip()).isEqualTo("tns1:RuleEngine/CellMotionDetector/Motion");
        }
        return out;
    }

    private static String item(Element message, String where, String name) {
        Element parent = (Element) message.getElementsByTagNameNS(io.warden.adapter.onvif.soap.OnvifNs.TT, where).item(0);
        NodeList items = parent.getElementsByTagNameNS(io.warden.adapter.onvif.soap.OnvifNs.TT, "SimpleItem");
        for (int i = 0; i < items.getLength(); i++) {
            Element e = (Element) items.item(i);
            if (name.equals(e.getAttribute("Name"))) return e.getAttribute("Value");
        }
        return null;
    }
}
