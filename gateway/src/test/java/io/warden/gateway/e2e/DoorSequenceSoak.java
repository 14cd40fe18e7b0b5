package io.warden.gateway.e2e;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DoorSequence} soak: many more steps than the CI test, on each door given, over the real
 * transports. Run it under the bench profile, e.g.
 * {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.e2e.DoorSequenceSoak
 * -Dbench.steps=5000 -Dbench.seed=1 -Dbench.doors=gym-west,gym-east,library}; add
 * {@code -Dbench.reportOutputChanges=true} for PDs that volunteer output reports. Exits non-zero if a
 * door's run found a disagreement, naming the step.
 */
public final class DoorSequenceSoak {
    private static final Logger log = LoggerFactory.getLogger(DoorSequenceSoak.class);

    private DoorSequenceSoak() {}

    public static void main(String[] args) throws Exception {
        int steps = Integer.getInteger("bench.steps", 5000);
        long seed = Long.getLong("bench.seed", 1L);
        boolean reports = Boolean.getBoolean("bench.reportOutputChanges");
        String[] doors = System.getProperty("bench.doors", "gym-west,gym-east,library").split(",");
        int failures = 0;
        for (String door : doors) {
            long t0 = System.nanoTime();
            try (GatewayFixture gw = GatewayFixture.start()) {
                gw.reportOutputChanges(reports);
                int commands = new DoorSequence(gw, door, seed).run(steps);
                log.warn("event=soak_done door={} steps={} commands={} seconds={}", door, steps, commands, (System.nanoTime() - t0) / 1_000_000_000);
            } catch (AssertionError e) {
                failures++;
                log.error("event=soak_failed door={} seed={} reason=\"{}\"", door, seed, e.getMessage());
            }
        }
        System.exit(failures == 0 ? 0 : 1);
    }
}
