package io.warden.adapter.onvif.soap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Clock synchronisation: re-sync on NotAuthorized, GetSystemDateAndTime behind auth, LocalDateTime fallback. */
class OnvifClockSyncTest extends OnvifWireMockSupport {

    /** The system clock plus an adjustable jump, so "a minute later" needs no waiting. */
    static final class JumpClock extends Clock {
        volatile Duration jump = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(jump);
        }
    }

    private final JumpClock clock = new JumpClock();

    @Override
    protected Clock clock() {
        return clock;
    }

    @Test
    void notAuthorizedAfterAStaleSyncResyncsOnceAndRetries() {
        stubClock(Duration.ZERO);
        await(soap.syncClock(clock.instant().plusSeconds(20)));
        clock.jump = Duration.ofMinutes(2); // our clock ran away: the device now refuses our Created
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetDeviceInformation"))
                .inScenario("skew").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("resynced")
                .willReturn(aResponse().withStatus(400).withBody(fault("SOAP-ENV:Sender", "ter:NotAuthorized", null, "stale"))));
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetDeviceInformation"))
                .inScenario("skew").whenScenarioStateIs("resynced")
                .willReturn(aResponse().withStatus(200).withBody(DEVICE_INFO)));

        assertThat(await(new OnvifDeviceOps(soap, false).deviceInformation(clock.instant().plusSeconds(20))).model()).isEqualTo("Cam 1");
        wm.verify(2, postRequestedFor(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetSystemDateAndTime")));
        assertThat(soap.clockOffset()).hasValueSatisfying(d ->
                assertThat(d.plus(Duration.ofMinutes(2)).abs()).isLessThan(Duration.ofSeconds(2)));
    }

    @Test
    void aFreshSyncDoesNotRetryARealRefusal() {
        stubClock(Duration.ZERO);
        stubOp("GetDeviceInformation", 400, fault("SOAP-ENV:Sender", "ter:NotAuthorized", null, "wrong password"));
        Throwable t = awaitFailure(new OnvifDeviceOps(soap, false).deviceInformation(clock.instant().plusSeconds(20)));
        assertThat(WardenException.codeOf(t)).as("the refusal, not a timeout: %s", t.getMessage()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        wm.verify(1, postRequestedFor(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetDeviceInformation")));
    }

    @Test
    void getSystemDateAndTimeBehindDigestIsRetriedWithAuth() {
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetSystemDateAndTime"))
                .withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Digest realm=\"r\", nonce=\"n\", qop=\"auth\"")));
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetSystemDateAndTime"))
                .withHeader("Authorization", matching("Digest .*"))
                .willReturn(aResponse().withStatus(200).withBody(systemDateAndTime(Instant.now().plusSeconds(30)))));
        Duration offset = await(soap.syncClock(clock.instant().plusSeconds(20)));
        assertThat(offset.minusSeconds(30).abs()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void localDateTimeAndPosixZoneStandInForAMissingUtcDateTime() {
        String xml = envelope("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType>"
                + "<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>CST-8</tt:TZ></tt:TimeZone><tt:LocalDateTime>"
                + "<tt:Time><tt:Hour>17</tt:Hour><tt:Minute>5</tt:Minute><tt:Second>3</tt:Second></tt:Time>"
                + "<tt:Date><tt:Year>2026</tt:Year><tt:Month>12</tt:Month><tt:Day>1</tt:Day></tt:Date></tt:LocalDateTime>"
                + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>");
        Element body = OnvifXml.elements(OnvifXml.path(OnvifXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement(),
                OnvifNs.SOAP, "Body").orElseThrow()).get(0);
        assertThat(OnvifDeviceParsers.systemDateAndTime(body)).isEqualTo(Instant.parse("2026-12-01T09:05:03Z"));
    }

    @Test
    void aLocalDateTimeInDaylightSavingTimeUsesTheSummerOffset() {
        // New York in July, a device without UTCDateTime: local 10:00 EDT is 14:00 UTC, not 15:00
        String xml = envelope("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType>"
                + "<tt:DaylightSavings>true</tt:DaylightSavings><tt:TimeZone><tt:TZ>EST5EDT,M3.2.0,M11.1.0</tt:TZ></tt:TimeZone><tt:LocalDateTime>"
                + "<tt:Time><tt:Hour>10</tt:Hour><tt:Minute>0</tt:Minute><tt:Second>0</tt:Second></tt:Time>"
                + "<tt:Date><tt:Year>2026</tt:Year><tt:Month>7</tt:Month><tt:Day>1</tt:Day></tt:Date></tt:LocalDateTime>"
                + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>");
        Element body = OnvifXml.elements(OnvifXml.path(OnvifXml.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement(),
                OnvifNs.SOAP, "Body").orElseThrow()).get(0);
        assertThat(OnvifDeviceParsers.systemDateAndTime(body)).isEqualTo(Instant.parse("2026-07-01T14:00:00Z"));
        // an explicit summer offset is used as given
        assertThat(OnvifDeviceParsers.posixOffsetSeconds("<+0330>-3:30<+0430>-4:30,J79/24,J263/24", true)).isEqualTo(-(4 * 3600 + 1800));
        assertThat(OnvifDeviceParsers.posixOffsetSeconds("CST-8", true)).as("no summer time in the zone").isEqualTo(-8 * 3600);
    }
}
