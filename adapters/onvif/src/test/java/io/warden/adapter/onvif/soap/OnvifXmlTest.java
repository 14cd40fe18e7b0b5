package io.warden.adapter.onvif.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class OnvifXmlTest {

    @Test
    void externalEntityToALocalFileIsRefusedAndNothingLeaks(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>"
                + "<s:Envelope xmlns:s=\"" + OnvifNs.SOAP + "\"><s:Body><a>&e;</a></s:Body></s:Envelope>";
        assertThatThrownBy(() -> OnvifXml.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WardenException.class)
                .satisfies(t -> assertThat(((WardenException) t).code()).isEqualTo(ErrorCode.PROTOCOL_ERROR))
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("TOP-SECRET"));
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        b.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            b.append("<!ENTITY lol").append(i).append(" \"");
            for (int k = 0; k < 10; k++) b.append("&lol").append(i - 1).append(';');
            b.append("\">");
        }
        b.append("]><lolz>&lol9;</lolz>");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> OnvifXml.parse(b.toString().getBytes(StandardCharsets.UTF_8)))
                .satisfies(t -> assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2000);
    }

    @Test
    void sizeIsCheckedBeforeParsing() {
        byte[] big = new byte[1001];
        assertThatThrownBy(() -> OnvifXml.parse(big, 1000)).hasMessageContaining("too large")
                .satisfies(t -> assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR));
        assertThatThrownBy(() -> OnvifXml.parse("<a><b></a>".getBytes(StandardCharsets.UTF_8)))
                .satisfies(t -> assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.PROTOCOL_ERROR));
    }

    @Test
    void qnamesResolveTheirPrefixOrFallBackToTheLocalName() {
        Element root = OnvifXml.parse(("<r xmlns:e=\"" + OnvifNs.TER + "\"><v>e:NotAuthorized</v><w> ter:NoProfile </w></r>")
                .getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        Element v = OnvifXml.elements(root).get(0);
        Element w = OnvifXml.elements(root).get(1);
        assertThat(OnvifXml.qname(v, OnvifXml.text(v))).isEqualTo(new QName(OnvifNs.TER, "NotAuthorized"));
        QName undeclared = OnvifXml.qname(w, OnvifXml.text(w));
        assertThat(undeclared.getNamespaceURI()).isEmpty();
        assertThat(undeclared.getLocalPart()).isEqualTo("NoProfile");
    }

    @Test
    void faultWithUndeclaredTerPrefixStillMaps() {
        String xml = "<s:Envelope xmlns:s=\"" + OnvifNs.SOAP + "\"><s:Body><s:Fault><s:Code><s:Value>s:Sender</s:Value>"
                + "<s:Subcode><s:Value>ter:InvalidArgVal</s:Value><s:Subcode><s:Value>ter:NoProfile</s:Value></s:Subcode></s:Subcode>"
                + "</s:Code><s:Reason><s:Text xml:lang=\"en\">no such profile</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>";
        OnvifSoapFault f = OnvifSoapFault.of(OnvifXml.parse(xml.getBytes(StandardCharsets.UTF_8))).orElseThrow();
        assertThat(f.toException("GetStreamUri").code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(f.toException("GetStreamUri").getMessage()).contains("InvalidArgVal/NoProfile").contains("no such profile");
    }
}
