package io.warden.adapter.onvif.soap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.warden.adapter.api.testing.Waits.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock device on 127.0.0.1:0 and a SOAP client pointed at it. */
abstract class OnvifWireMockSupport {
    static final String USER = "admin";
    static final String PASSWORD = "s3cret-pw";

    protected Vertx vertx;
    protected WireMockServer wm;
    protected OnvifHttp http;
    protected OnvifSoapClient soap;
    protected URI device;

    @BeforeEach
    void startWireMock() {
        vertx = Vertx.vertx();
        wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        device = URI.create("http://127.0.0.1:" + wm.port() + "/onvif/device_service");
        http = new OnvifHttp(vertx, WebClient.create(vertx), clock());
        // a request may take 15 s (a loaded machine, a cold WireMock): tests about timeouts pass their own short deadline
        soap = new OnvifSoapClient(vertx, http, device, USER, PASSWORD, new OnvifSoapClient.Options(Duration.ofSeconds(15),
                OnvifXml.DEFAULT_MAX_BYTES));
    }

    protected Clock clock() {
        return Clock.systemUTC();
    }

    @AfterEach
    void stopWireMock() throws Exception {
        wm.stop();
        await(vertx.close());
    }

    static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"" + OnvifNs.SOAP + "\" xmlns:tt=\""
                + OnvifNs.TT + "\" xmlns:tds=\"" + OnvifNs.TDS + "\" xmlns:tse=\"" + OnvifNs.TSE + "\" xmlns:trp=\"" + OnvifNs.TRP
                + "\" xmlns:trt=\"" + OnvifNs.TRT + "\" xmlns:tr2=\"" + OnvifNs.TR2 + "\" xmlns:ter=\"" + OnvifNs.TER
                + "\"><SOAP-ENV:Body>" + body + "</SOAP-ENV:Body></SOAP-ENV:Envelope>";
    }

    static String fault(String code, String sub1, String sub2, String reason) {
        String sub = sub2 == null ? "<SOAP-ENV:Subcode><SOAP-ENV:Value>" + sub1 + "</SOAP-ENV:Value></SOAP-ENV:Subcode>"
                : "<SOAP-ENV:Subcode><SOAP-ENV:Value>" + sub1 + "</SOAP-ENV:Value><SOAP-ENV:Subcode><SOAP-ENV:Value>" + sub2
                  + "</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Subcode>";
        return envelope("<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>" + code + "</SOAP-ENV:Value>" + sub + "</SOAP-ENV:Code>"
                + "<SOAP-ENV:Reason><SOAP-ENV:Text xml:lang=\"en\">" + reason + "</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>");
    }

    static String systemDateAndTime(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return envelope("<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>"
                + "<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone><tt:UTCDateTime>"
                + "<tt:Time><tt:Hour>" + z.getHour() + "</tt:Hour><tt:Minute>" + z.getMinute() + "</tt:Minute><tt:Second>" + z.getSecond()
                + "</tt:Second></tt:Time><tt:Date><tt:Year>" + z.getYear() + "</tt:Year><tt:Month>" + z.getMonthValue() + "</tt:Month><tt:Day>"
                + z.getDayOfMonth() + "</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>");
    }

    static final String DEVICE_INFO = envelope("<tds:GetDeviceInformationResponse><tds:Manufacturer>Acme</tds:Manufacturer>"
            + "<tds:Model>Cam 1</tds:Model><tds:FirmwareVersion>1.0</tds:FirmwareVersion><tds:SerialNumber>SN1</tds:SerialNumber>"
            + "<tds:HardwareId>HW1</tds:HardwareId></tds:GetDeviceInformationResponse>");

    /** Answer GetSystemDateAndTime with the device clock {@code offset} away from ours. */
    void stubClock(Duration offset) {
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing("GetSystemDateAndTime"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/soap+xml")
                        .withBody(systemDateAndTime(Instant.now().plus(offset)))));
    }

    void stubOp(String op, int status, String body) {
        wm.stubFor(post(urlPathEqualTo("/onvif/device_service")).withRequestBody(containing(op)).atPriority(5)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/soap+xml").withBody(body)));
    }
}
