package io.warden.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.GatewayDirectoryService;
import io.warden.gateway.people.ImportReport;
import io.warden.gateway.people.SqliteDirectoryStore;
import io.warden.gateway.people.ImportPlan;
import io.warden.gateway.people.ImportRequest;
import io.warden.gateway.people.PeopleImport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.util.Map;

/**
 * Import of a district's roster: a generated OneRoster 1.1 export of {@code bench.people} (50,000)
 * users (about 7% staff, the rest students, each in the district and one of {@code bench.schools} (40)
 * schools, so the district org is filtered out for every row) with its {@code orgs.csv}.
 * <ol>
 *   <li>into an empty directory: {@link PeopleImport#plan} (parse, check every row, plan 50,000 adds);</li>
 *   <li>re-import of the same files into the directory that plan made: everything compared, nothing
 *       changes (checked);</li>
 *   <li>the whole import as the API runs it: {@link GatewayDirectoryService#importPeople} into a fresh
 *       {@code directory.db}, with a real SQLite audit trail: plan, one SQLite transaction of 50,000
 *       people, and 50,001 audit records ({@code person.added} each, one {@code people.import}), durable
 *       before it answers; then the same files again (one summary record, nothing else written).</li>
 * </ol>
 * Each is run {@code bench.reps} (3) times after one untimed warm-up. Figures: wall and CPU time of {@code plan()}
 * (the CPU time of the calling thread says more than the wall time on a busy machine; GC threads not included),
 * and the heap over the call ({@link HeapSampler}, MiB): the heap pools' peak (includes garbage not yet
 * collected) and, after a forced GC with the plan still held, what the plan keeps beyond the baseline.
 * <p>Run without installing (from the repository root; the first command builds the modules the gateway
 * needs from this tree, the second runs the bench on the gateway's test class path):
 * <pre>
 * mvn -B -o -q -pl gateway -am test-compile -DskipTests
 * mvn -B -o -q -pl gateway dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
 * java -cp gateway/target/test-classes:gateway/target/classes:adapters/api/target/classes:$(cat gateway/target/bench-cp.txt) \
 *     io.warden.gateway.bench.PeopleImportBench
 * </pre>
 * ({@code adapters/api/target/classes} comes before the jar from {@code ~/.m2} so this tree's classes win.)
 * Without an install, {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.bench.PeopleImportBench}
 * works too. Properties: {@code bench.people}, {@code bench.schools}, {@code bench.reps}.
 */
public final class PeopleImportBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Instant NOW = Instant.parse("2026-09-01T12:00:00Z");

    private PeopleImportBench() {}

    public static void main(String[] args) throws Exception {
        int people = Integer.getInteger("bench.people", 50_000);
        int schools = Integer.getInteger("bench.schools", 40);
        int reps = Integer.getInteger("bench.reps", 3);
        Map<String, byte[]> files = Map.of("users.csv", users(people, schools), "orgs.csv", orgs(schools));
        ImportRequest request = new ImportRequest("oneroster", files, false, true);
        System.out.printf("PeopleImportBench: %,d people, %d schools; users.csv %.1f MiB, orgs.csv %,d bytes; max heap %.0f MiB%n",
                people, schools, files.get("users.csv").length / 1048576.0, files.get("orgs.csv").length,
                Runtime.getRuntime().maxMemory() / 1048576.0);

        ImportPlan first = PeopleImport.plan(Directory.EMPTY, request, NOW); // warm-up, and the directory to re-import into
        if (!first.report().problems().isEmpty()) throw new IllegalStateException("problems: " + first.report().problems());
        if (first.report().added().size() != people) throw new IllegalStateException("added " + first.report().added().size());
        Directory full = Directory.EMPTY.with(first.changes());
        first = null;
        PeopleImport.plan(full, request, NOW); // warm-up

        System.out.println();
        System.out.println("phase                 run   plan ms   cpu ms   heap peak MiB   kept by plan MiB   added  unchanged");
        for (int i = 1; i <= reps; i++) run("into empty directory", i, Directory.EMPTY, request, people);
        for (int i = 1; i <= reps; i++) run("re-import (no change)", i, full, request, people);

        System.out.println();
        System.out.println("through the service (SQLite directory + audit)   run   first import s   heap peak MiB   re-import s");
        Vertx vertx = Vertx.vertx();
        try {
            for (int i = 1; i <= reps; i++) service(vertx, i, files, people);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** One fresh data directory: the first import and a re-import of the same files, each timed to its durable answer. */
    private static void service(Vertx vertx, int rep, Map<String, byte[]> files, int people) throws Exception {
        Path dir = Files.createTempDirectory("import-bench");
        SqliteAuditStore audit = await(SqliteAuditStore.open(vertx, dir.resolve("audit.db")));
        SqliteDirectoryStore store = await(SqliteDirectoryStore.open(vertx, dir.resolve(SqliteDirectoryStore.FILE_NAME)));
        try {
            GatewayDirectoryService service = await(GatewayDirectoryService.start(vertx, store, audit, Clock.systemUTC()));
            Principal admin = new Principal("bench", Role.ADMIN);
            HeapSampler heap = HeapSampler.start(0);
            long t0 = System.nanoTime();
            ImportReport first = await(service.importPeople(new ImportRequest("oneroster", files, false, true), admin, "bench"));
            double firstS = (System.nanoTime() - t0) / 1e9;
            HeapSampler.Heap h = heap.stop();
            if (first.added().size() != people) throw new IllegalStateException("added " + first.added().size());
            long t1 = System.nanoTime();
            ImportReport again = await(service.importPeople(new ImportRequest("oneroster", files, false, true), admin, "bench"));
            double againS = (System.nanoTime() - t1) / 1e9;
            if (!again.changesNothing()) throw new IllegalStateException("a re-import changed " + again);
            System.out.printf("%-47s %3d %16.1f %15.0f %13.1f%n", "import " + people + " people", rep, firstS, h.poolPeak(), againS);
        } finally {
            await(store.close());
            await(audit.close());
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }

    private static void run(String phase, int rep, Directory into, ImportRequest request, int people) throws InterruptedException {
        HeapSampler heap = HeapSampler.start(0);
        long t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        ImportPlan plan = PeopleImport.plan(into, request, NOW);
        double cpuMs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
        double ms = (System.nanoTime() - t0) / 1e6;
        HeapSampler.Heap h = heap.stop();
        HeapSampler kept = HeapSampler.start(0); // forces a GC with the plan still referenced
        double keptMib = kept.stop().baseline() - h.baseline();
        boolean reimport = into != Directory.EMPTY;
        if (reimport && !plan.report().changesNothing()) throw new IllegalStateException("a re-import changed " + plan.report());
        if (!reimport && plan.report().added().size() != people) throw new IllegalStateException("added " + plan.report().added().size());
        System.out.printf("%-21s %3d %9.0f %8.0f %15.0f %18.1f %7d %10d%n", phase, rep, ms, cpuMs, h.poolPeak(), keptMib,
                plan.report().added().size(), plan.report().unchanged());
    }

    /** orgs.csv: one district and its schools. */
    static byte[] orgs(int schools) {
        StringBuilder b = new StringBuilder("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n");
        b.append("d-1,,,Bench County Schools,district,BC,\n");
        for (int s = 1; s <= schools; s++) {
            b.append("s-").append(s).append(",,,\"School ").append(s).append(", Bench County\",school,").append(100 + s).append(",d-1\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** users.csv (1.1): staff every 14th row, the rest students; ids, names and SIS ids made up from the row number. */
    static byte[] users(int people, int schools) {
        StringBuilder b = new StringBuilder(people * 160);
        b.append("sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,")
                .append("middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n");
        String[] given = {"Ana", "Ben", "Carla", "Dev", "Eun-ji", "Farid", "Grace", "Hugo", "Ines", "Jamal"};
        String[] family = {"Lopez", "Kim", "O'Neil", "Nguyen", "Okafor", "Rossi", "Schmidt", "Tanaka", "Walker", "Zhou"};
        for (int i = 1; i <= people; i++) {
            boolean staff = i % 14 == 0;
            int school = 1 + i % schools;
            b.append("u-").append(i).append(",,,").append(i % 250 == 0 ? "false" : "true")
                    .append(",\"d-1,s-").append(school).append("\",").append(staff ? "teacher" : "student")
                    .append(",user").append(i).append(",{SIS:").append(200_000 + i).append("},")
                    .append(given[i % 10]).append(',').append(i % 97 == 0 ? "\"Smith, Jr.\"" : family[(i / 10) % 10])
                    .append(",,").append(200_000 + i).append(",user").append(i).append("@bench.example,,,,")
                    .append(staff ? "" : String.format("%02d", i % 12 + 1)).append(",\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
