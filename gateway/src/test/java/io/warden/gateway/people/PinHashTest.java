package io.warden.gateway.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PinHashTest {
    /** Few rounds keep the tests quick; the format and the checks are the same. */
    private static final int FEW = 1_000;

    @Test
    void aHashVerifiesItsPinOnlyAndNamesItsParameters() {
        String h = PinHash.hash("4821", FEW);
        assertThat(h).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}").doesNotContain("4821");
        assertThat(Base64.getDecoder().decode(h.split("\\$")[2])).hasSize(16);
        assertThat(PinHash.verify("4821", h)).isTrue();
        assertThat(PinHash.verify("4822", h)).isFalse();
        assertThat(PinHash.verify("48210", h)).isFalse();
        assertThat(PinHash.verify("", h)).isFalse();
        assertThat(PinHash.verify(null, h)).isFalse();
    }

    @Test
    void theSamePinHashesDifferentlyEachTime() {
        String a = PinHash.hash("123456", FEW);
        String b = PinHash.hash("123456", FEW);
        assertThat(a).isNotEqualTo(b);
        assertThat(PinHash.verify("123456", a)).isTrue();
        assertThat(PinHash.verify("123456", b)).isTrue();
    }

    @Test
    void theDefaultUsesTheConfiguredRoundsAndIsSlow() {
        long t = System.nanoTime();
        String h = PinHash.hash("00000000");
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertThat(h).startsWith("pbkdf2-sha256$" + PinHash.ITERATIONS + "$");
        assertThat(PinHash.verify("00000000", h)).isTrue();
        // A floor only: a busy machine makes it slower, never faster than the work it does.
        assertThat(ms).as("one hash of %d rounds", PinHash.ITERATIONS).isGreaterThanOrEqualTo(5);
    }

    @Test
    void onlyFourToEightDigitsArePins() {
        for (String bad : new String[] {"123", "123456789", "12a4", " 1234", "１２３４", "", null}) {
            assertThatThrownBy(() -> PinHash.hash(bad, FEW)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a PIN must be 4 to 8 digits");
        }
        assertThat(PinHash.verify("1234", PinHash.hash("1234", FEW))).isTrue();
        assertThat(PinHash.verify("12345678", PinHash.hash("12345678", FEW))).isTrue();
    }

    @Test
    void malformedHashesNeverVerify() {
        String good = PinHash.hash("1234", FEW);
        String[] p = good.split("\\$");
        for (String bad : new String[] {null, "", "1234", "pbkdf2-sha256$1000$" + p[2], "pbkdf2-sha1$1000$" + p[2] + "$" + p[3],
                "pbkdf2-sha256$x$" + p[2] + "$" + p[3], "pbkdf2-sha256$0$" + p[2] + "$" + p[3],
                "pbkdf2-sha256$" + (PinHash.MAX_ITERATIONS + 1) + "$" + p[2] + "$" + p[3],
                "pbkdf2-sha256$1000$!!$" + p[3], "pbkdf2-sha256$1000$$" + p[3], "pbkdf2-sha256$1000$" + p[2] + "$" + p[2],
                good + "$extra"}) {
            assertThat(PinHash.verify("1234", bad)).as(String.valueOf(bad)).isFalse();
        }
    }

    @Test
    void aDifferentIterationCountInTheStringIsHonoured() {
        String h = PinHash.hash("2468", 1);
        assertThat(PinHash.verify("2468", h)).isTrue();
        assertThat(PinHash.verify("2468", h.replaceFirst("\\$1\\$", "\\$2\\$"))).isFalse();
    }
}
