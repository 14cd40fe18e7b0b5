package io.warden.sim.onvif.door;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.adapter.onvif.soap.OnvifNs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Limit / StartReference paging of the door and access-point lists (page size 2, five doors). */
class OnvifDoorControllerPagingTest extends OnvifDoorControllerSimTestBase {

    @Override
    OnvifDoorControllerSimulator.Config config() {
        return OnvifDoorControllerSimulator.Config.of("127.0.0.1", USER, PASSWORD, 5);
    }

    @Test
    void fiveDoorsComeInThreePagesOfAtMostTwo() {
        List<List<String>> pages = new ArrayList<>();
        String next = null;
        do {
            Element page = tdc("GetDoorInfoList", next == null ? "" : "<x:StartReference>" + next + "</x:StartReference>");
            pages.add(children(page, OnvifNs.TDC, "DoorInfo").stream().map(e -> e.getAttribute("token")).toList());
            next = text(page, OnvifNs.TDC, "NextStartReference");
            if (next != null) assertThat(childNames(page).get(0)).as("NextStartReference comes first").isEqualTo("NextStartReference");
        } while (next != null && pages.size() < 10);
        assertThat(pages).containsExactly(List.of("Door_1", "Door_2"), List.of("Door_3", "Door_4"), List.of("Door_5"));

        Element one = tdc("GetDoorInfoList", "<x:Limit>1</x:Limit>");
        assertThat(children(one, OnvifNs.TDC, "DoorInfo")).hasSize(1);
        Element capped = tdc("GetDoorInfoList", "<x:Limit>100</x:Limit>");
        assertThat(children(capped, OnvifNs.TDC, "DoorInfo")).as("never more than the page size").hasSize(2);
        Element info = children(one, OnvifNs.TDC, "DoorInfo").get(0);
        assertThat(text(info, OnvifNs.TDC, "Name")).isEqualTo("Door 1");
        assertThat(children(info, OnvifNs.TDC, "Capabilities").get(0).getAttribute("LockDown")).isEqualTo("true");
    }

    @Test
    void aStartReferenceTheDeviceNeverHandedOutIsInvalidStartReference() {
        assertThat(tdcFault("GetDoorInfoList", "<x:StartReference>page-7</x:StartReference>"))
                .contains("Sender/InvalidArgVal/InvalidStartReference");
    }

    @Test
    void accessPointsArePagedTooTwoPerDoorNamingTheirDoor() {
        List<String> points = new ArrayList<>();
        List<String> entities = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Element page = io.warden.adapter.api.testing.Waits.await(send("accesscontrol_service", OnvifNs.TAC, "GetAccessPointInfoList",
                    next == null ? "" : "<x:StartReference>" + next + "</x:StartReference>"));
            for (Element p : children(page, OnvifNs.TAC, "AccessPointInfo")) {
                points.add(p.getAttribute("token"));
                entities.add(text(p, OnvifNs.TAC, "Entity"));
            }
            next = text(page, OnvifNs.TAC, "NextStartReference");
            pages++;
        } while (next != null && pages < 20);
        assertThat(pages).isEqualTo(5);
        assertThat(points).containsExactly("Door_1-in", "Door_1-out", "Door_2-in", "Door_2-out", "Door_3-in", "Door_3-out",
                "Door_4-in", "Door_4-out", "Door_5-in", "Door_5-out");
        assertThat(entities).containsExactly("Door_1", "Door_1", "Door_2", "Door_2", "Door_3", "Door_3", "Door_4", "Door_4", "Door_5", "Door_5");
        Throwable bad = io.warden.adapter.api.testing.Waits.awaitFailure(send("accesscontrol_service", OnvifNs.TAC, "GetAccessPointInfoList",
                "<x:StartReference>nope</x:StartReference>"));
        assertThat(bad.getMessage()).contains("InvalidStartReference");
        Element areas = io.warden.adapter.api.testing.Waits.await(send("accesscontrol_service", OnvifNs.TAC, "GetAreaInfoList", ""));
        assertThat(children(areas, OnvifNs.TAC, "AreaInfo")).hasSize(2);
    }
}
