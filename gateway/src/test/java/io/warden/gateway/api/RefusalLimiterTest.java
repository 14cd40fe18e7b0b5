package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefusalLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private RefusalLimiter limiter(int burst, double perSecond, int maxSources) {
        return new RefusalLimiter(new RefusalLimits(burst, perSecond, maxSources, Duration.ofSeconds(10), 5), nanos::get);
    }

    private void advance(double seconds) {
        nanos.addAndGet((long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }

    @Test
    void aBurstThenOneTokenPerRefillPeriodWithTheWaitInWholeSeconds() {
        RefusalLimiter l = limiter(3, 0.5, 100);
        for (int i = 0; i < 3; i++) assertThat(l.take("10.0.0.1")).as("refusal %d of the burst", i + 1).isZero();
        assertThat(l.take("10.0.0.1")).as("one token every 2 s").isEqualTo(2);
        advance(1);
        assertThat(l.take("10.0.0.1")).as("half a token earned, 1 s to go").isEqualTo(1);
        advance(1.01);
        assertThat(l.take("10.0.0.1")).isZero();
        assertThat(l.take("10.0.0.1")).isPositive();
        assertThat(l.take("10.0.0.2")).as("another source has its own bucket").isZero();
    }

    @Test
    void aBucketNeverHoldsMoreThanTheBurst() {
        RefusalLimiter l = limiter(2, 10, 100);
        l.take("a");
        advance(3600);
        assertThat(l.take("a")).isZero();
        assertThat(l.take("a")).isZero();
        assertThat(l.take("a")).as("an hour idle still gives only the burst").isEqualTo(1);
    }

    @Test
    void aWaitBelowOneSecondIsSaidAsOne() {
        RefusalLimiter l = limiter(1, 100, 100);
        l.take("a");
        assertThat(l.take("a")).isEqualTo(1);
    }

    @Test
    void manySourcesStayBoundedAndShareOneBucketBeyondTheLimit() {
        RefusalLimiter l = limiter(2, 1, 100);
        for (int i = 0; i < 100; i++) l.take("10.1.0." + i);
        assertThat(l.sources()).isEqualTo(100);
        // 10,000 more addresses while every tracked bucket is still draining: they share one bucket.
        int limited = 0;
        for (int i = 0; i < 10_000; i++) if (l.take("fd00:" + Integer.toHexString(i) + "::1") > 0) limited++;
        assertThat(l.sources()).isLessThanOrEqualTo(101);
        assertThat(limited).as("untracked sources are limited together: the shared burst, then 429").isEqualTo(10_000 - 2);
    }

    @Test
    void refilledBucketsAreEvictedAndMakeRoomForNewSources() {
        RefusalLimiter l = limiter(2, 1, 100);
        for (int i = 0; i < 100; i++) {
            l.take("10.1.0." + i);
            l.take("10.1.0." + i);
        }
        advance(1.5);
        l.sweep();
        assertThat(l.sources()).as("half refilled: kept, they still limit").isEqualTo(100);
        advance(1);
        l.take("10.2.0.1"); // the map is full: the limiter sweeps itself before sharing a bucket
        assertThat(l.sources()).isEqualTo(1);
        assertThat(l.take("10.2.0.1")).as("a new source has a bucket of its own").isZero();
        assertThat(l.take("10.2.0.1")).isPositive();
    }

    @Test
    void oneIpv6SubnetIsOneSource() {
        // A single host is routinely given a whole /64: a fresh address per request must not mean a fresh burst.
        RefusalLimiter l = limiter(2, 1, 100);
        assertThat(l.take("2001:db8:1:2::1")).isZero();
        assertThat(l.take("2001:db8:1:2:ffff:ffff:ffff:fffe")).isZero();
        assertThat(l.take("2001:db8:1:2:abcd::9")).as("a third address of the same /64").isPositive();
        assertThat(l.take("2001:db8:1:3::1")).as("the next /64 is another source").isZero();
        assertThat(l.sources()).isEqualTo(2);
    }

    @Test
    void sourcesAreKeyedByAddressForIpv4AndBySlash64ForIpv6() {
        assertThat(RefusalLimiter.network("10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(RefusalLimiter.network("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
        assertThat(RefusalLimiter.network("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
        assertThat(RefusalLimiter.network("fe80:0:0:0:1:2:3:4%eth0")).isEqualTo("fe80:0:0:0::/64");
        assertThat(RefusalLimiter.network("::ffff:10.0.0.7")).as("IPv4-mapped").isEqualTo("10.0.0.7");
        assertThat(RefusalLimiter.network("not:an:address:zz")).as("unparsable: kept as is").isEqualTo("not:an:address:zz");
        assertThat(RefusalLimiter.network(null)).isNull();
    }
}
