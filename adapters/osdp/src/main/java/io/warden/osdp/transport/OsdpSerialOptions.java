package io.warden.osdp.transport;

import java.util.Objects;
import java.util.Set;

/**
 * Settings for one OSDP serial line. The frame format is always 8N1 without flow control (OSDP
 * section 1), so only the rate and the RS-485 driver settings are configurable.
 *
 * @param path device path such as {@code /dev/ttyUSB0}, or a symlink to one (a pseudo-terminal
 *     works too, and ignores the rate)
 * @param baud one of the OSDP rates: 9600, 19200, 38400, 57600, 115200, 230400
 * @param rs485 whether to switch the UART into kernel RS-485 mode (the driver toggles RTS to
 *     enable the transmitter); leave false for adapters that switch direction themselves, which
 *     is what most USB-RS-485 dongles do
 * @param rs485RtsActiveHigh RTS level while transmitting, when {@code rs485}
 * @param rs485DelayBeforeSendMicros transmitter enable lead time, when {@code rs485}
 * @param rs485DelayAfterSendMicros transmitter hold time after the last bit, when {@code rs485}
 */
public record OsdpSerialOptions(
        String path,
        int baud,
        boolean rs485,
        boolean rs485RtsActiveHigh,
        int rs485DelayBeforeSendMicros,
        int rs485DelayAfterSendMicros) {

    /** The rates OSDP allows; 9600 is the usual factory default. */
    public static final Set<Integer> OSDP_BAUD_RATES = Set.of(9600, 19200, 38400, 57600, 115200, 230400);

    /**
     * Validates once, at configuration load.
     *
     * @throws IllegalArgumentException on a blank path, an unsupported rate or negative delays;
     *     the message names the path
     */
    public OsdpSerialOptions {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) throw new IllegalArgumentException("serial path is blank");
        if (!OSDP_BAUD_RATES.contains(baud)) {
            throw new IllegalArgumentException("serial " + path + ": baud " + baud + " is not an OSDP rate " + OSDP_BAUD_RATES);
        }
        if (rs485DelayBeforeSendMicros < 0 || rs485DelayAfterSendMicros < 0) {
            throw new IllegalArgumentException("serial " + path + ": RS-485 delays must not be negative");
        }
    }

    /** Plain 8N1 at {@code baud}, RS-485 direction switching left to the adapter. */
    public static OsdpSerialOptions of(String path, int baud) {
        return new OsdpSerialOptions(path, baud, false, true, 0, 0);
    }

    /** Kernel RS-485 mode with RTS high while sending and no extra delays. */
    public static OsdpSerialOptions rs485(String path, int baud) {
        return new OsdpSerialOptions(path, baud, true, true, 0, 0);
    }

    /** The label used in logs and errors, e.g. {@code serial /dev/ttyUSB0 9600 8N1}. */
    public String describe() {
        return "serial " + path + " " + baud + " 8N1" + (rs485 ? " rs485" : "");
    }
}
