package io.warden.gateway.footage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Interval arithmetic on half-open time ranges. Pure. */
final class Ranges {
    private Ranges() {}

    /** The clips' ranges clipped to {@code [from, to)}, sorted and merged where they touch or overlap. */
    static List<CameraJob.Range> covered(List<Clip> clips, Instant from, Instant to) {
        List<CameraJob.Range> in = new ArrayList<>();
        for (Clip c : clips) {
            Instant a = c.from().isBefore(from) ? from : c.from();
            Instant b = c.to().isAfter(to) ? to : c.to();
            if (b.isAfter(a)) in.add(new CameraJob.Range(a, b));
        }
        in.sort(Comparator.comparing(CameraJob.Range::from));
        List<CameraJob.Range> out = new ArrayList<>();
        for (CameraJob.Range r : in) {
            CameraJob.Range last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && !r.from().isAfter(last.to())) {
                if (r.to().isAfter(last.to())) out.set(out.size() - 1, new CameraJob.Range(last.from(), r.to()));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** {@code [from, to)} minus the sorted, merged {@code covered} ranges. */
    static List<CameraJob.Range> gaps(List<CameraJob.Range> covered, Instant from, Instant to) {
        List<CameraJob.Range> gaps = new ArrayList<>();
        Instant at = from;
        for (CameraJob.Range r : covered) {
            if (r.from().isAfter(at)) gaps.add(new CameraJob.Range(at, r.from()));
            if (r.to().isAfter(at)) at = r.to();
        }
        if (to.isAfter(at)) gaps.add(new CameraJob.Range(at, to));
        return gaps;
    }
}
