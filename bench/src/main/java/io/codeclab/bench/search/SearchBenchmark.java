package io.codeclab.bench.search;

import io.codeclab.eval.codecs.BuiltInCodecs;
import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.protocol.ProgramEvaluation;
import io.codeclab.eval.protocol.StageListener;
import io.codeclab.eval.video.Y4m;
import io.codeclab.orchestrator.app.CodecLab;
import io.codeclab.orchestrator.config.CodecLabConfig;
import io.codeclab.orchestrator.daemon.Daemon;
import io.codeclab.orchestrator.embedded.EmbeddedServices;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import io.codeclab.orchestrator.experiment.ExperimentStatus;
import io.codeclab.orchestrator.run.Champions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bench search}: what the search costs and whether it helps, measured in one run on the embedded stores with
 * the real sandbox and the offline proposer.
 * <ol>
 *   <li>Throughput: the same experiments at parallelism 1 and 2 (the daemon's loop, experiments in flight = slots;
 *       random sampling with one seed, so both evaluate the same programs), experiments per hour and their ratio,
 *       and the time to the first adoption of each.</li>
 *   <li>The orchestrator's share at parallelism 1 (one experiment at a time, so times add up): experiment wall time
 *       minus time in sandbox slots and in the Java metrics, over experiment wall time.</li>
 *   <li>Optimiser against the random baseline: per seed, a fresh store and the same budget of experiments for each
 *       offline mode, on the first {@code frames} frames of the clip sets; then the final champion against v0 on
 *       the whole held-out clip, which no stage ever saw (BD-rate, lower is better; 0 when nothing was adopted).</li>
 * </ol>
 * Every phase has its own tables and bucket; the clip sets are the product's defaults. One unmeasured experiment
 * first fills what every later one finds ready (the x264 anchor's cache, the JIT, the page cache), so that the
 * first phase does not pay for the others.
 */
public final class SearchBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(SearchBenchmark.class);
    public static final String HELD_OUT = "city-late-320x180-24f.y4m";
    /** The search and adoption sets: whole in the throughput phases, their first frames in the optimiser runs. */
    private static final String SEARCH_CLIP = "city-320x180-24f.y4m";
    private static final String ADOPTION_CLIP = "cockatoo-320x180-24f.y4m";

    /**
     * @param clips       the directory of {@code scripts/fetch-clips}
     * @param experiments experiments per throughput phase
     * @param budget      experiments per optimiser run
     * @param seeds       seeds per offline mode
     * @param parallelism slots of the optimiser runs
     * @param frames      frames of the search and adoption clips in the optimiser runs (the first ones), so that a
     *                    budget worth comparing fits in one run; the held-out clip is always whole
     */
    public record Options(Path clips, int experiments, int budget, int seeds, int parallelism, int frames,
                          String sandbox) {
    }

    /**
     * One throughput phase. {@code firstAdoptionSeconds} is null when nothing was adopted; {@code orchestratorShare}
     * is null when experiments overlapped (their times no longer add up to the wall time).
     */
    public record Throughput(int parallelism, int experiments, double seconds, double perHour,
                             Double firstAdoptionSeconds, int adopted, int failed, double experimentSeconds,
                             double sandboxSeconds, double metricsSeconds, double slotWaitSeconds,
                             Double orchestratorShare) {
    }

    /** One optimiser run: the final champion and its held-out BD-rate against v0 (percent, lower is better). */
    public record OptimiserRun(String mode, long seed, int experiments, int adopted, int failed, int finalVersion,
                               double heldOutBdRateVsV0, double seconds) {
    }

    public record Report(List<Throughput> throughput, double speedup, List<OptimiserRun> runs,
                         Map<String, Double> medianHeldOutBdRate, double loadAverageAtStart, double loadAverageAtEnd,
                         String backend) {

        public String toText() {
            var out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "sandbox backend %s, load average %.2f at start, %.2f at end%n",
                    backend, loadAverageAtStart, loadAverageAtEnd));
            for (var t : throughput) {
                out.append(String.format(Locale.ROOT, "parallelism %d: %d experiments in %.1f s = %.1f per hour;"
                                + " first adoption after %s; %d adopted, %d failed; sandbox slots busy %.0f %% of the"
                                + " time%n", t.parallelism(), t.experiments(), t.seconds(), t.perHour(),
                        t.firstAdoptionSeconds() == null ? "none" : String.format(Locale.ROOT, "%.1f s",
                                t.firstAdoptionSeconds()), t.adopted(), t.failed(),
                        100 * t.sandboxSeconds() / (t.seconds() * t.parallelism())));
            }
            out.append(String.format(Locale.ROOT, "throughput ratio parallelism 2 / 1: %.2f%n", speedup));
            var one = throughput.get(0);
            out.append(String.format(Locale.ROOT, "orchestrator share at parallelism 1: %.2f %% (experiment wall %.1f s"
                            + " = sandbox slots %.1f s + metrics %.1f s + slot waits %.1f s + orchestrator %.1f s)%n",
                    100 * one.orchestratorShare(), one.experimentSeconds(), one.sandboxSeconds(), one.metricsSeconds(),
                    one.slotWaitSeconds(), one.experimentSeconds() - one.sandboxSeconds() - one.metricsSeconds()
                            - one.slotWaitSeconds()));
            for (var r : runs) {
                out.append(String.format(Locale.ROOT, "%-6s seed %d: %d experiments (%d adopted, %d failed) in %.0f s,"
                                + " champion v%d, held-out BD-rate vs v0 %+.2f %%%n", r.mode(), r.seed(),
                        r.experiments(), r.adopted(), r.failed(), r.seconds(), r.finalVersion(),
                        r.heldOutBdRateVsV0()));
            }
            medianHeldOutBdRate.forEach((mode, median) -> out.append(String.format(Locale.ROOT,
                    "median held-out BD-rate vs v0, %s: %+.2f %%%n", mode, median)));
            return out.toString();
        }
    }

    private SearchBenchmark() {
    }

    public static Report run(Options options) throws Exception {
        for (String clip : List.of(clip(options, SEARCH_CLIP), clip(options, ADOPTION_CLIP),
                clip(options, HELD_OUT))) {
            if (!Files.isRegularFile(Path.of(clip))) {
                throw new IllegalArgumentException("clip " + clip + " is missing: run scripts/fetch-clips "
                        + options.clips());
            }
        }
        double loadAtStart = loadAverage();
        Path dataDir = Files.createTempDirectory("codec-lab-searchbench-");
        try (var services = EmbeddedServices.startOrJoin(dataDir)) {
            try (var lab = CodecLab.open(settings(options, dataDir, "warmup", 2, "cmaes", 1))) {
                new Loop().run(lab, 1, 1, System.nanoTime());
            }
            var throughput = new ArrayList<Throughput>();
            String backend = "";
            for (int parallelism : List.of(1, 2)) {
                // The same programs at both parallelisms: random sampling with one seed draws the same ones whatever
                // the timing (the optimiser's next point depends on which scores have landed).
                var settings = settings(options, dataDir, "tp" + parallelism, parallelism, "random", 1);
                try (var lab = CodecLab.open(settings)) {
                    backend = lab.sandbox().backend();
                    throughput.add(throughput(lab, parallelism, options.experiments()));
                }
                LOG.info("bench search: {}", throughput.get(throughput.size() - 1));
            }
            var runs = new ArrayList<OptimiserRun>();
            var search = shortened(options, SEARCH_CLIP, dataDir);
            var adoption = shortened(options, ADOPTION_CLIP, dataDir);
            for (long seed = 1; seed <= options.seeds(); seed++) {
                for (String mode : List.of("cmaes", "random")) {
                    var settings = settings(options, dataDir, mode + seed, options.parallelism(), mode, seed, search,
                            adoption);
                    try (var lab = CodecLab.open(settings)) {
                        runs.add(optimise(lab, mode, seed, options.budget(), clip(options, HELD_OUT)));
                    }
                    LOG.info("bench search: {}", runs.get(runs.size() - 1));
                }
            }
            var medians = new LinkedHashMap<String, Double>();
            for (String mode : List.of("cmaes", "random")) {
                medians.put(mode, median(runs.stream().filter(r -> r.mode().equals(mode))
                        .mapToDouble(OptimiserRun::heldOutBdRateVsV0).toArray()));
            }
            double speedup = throughput.get(1).perHour() / throughput.get(0).perHour();
            return new Report(throughput, speedup, runs, medians, loadAtStart, loadAverage(), backend);
        }
    }

    private static Throughput throughput(CodecLab lab, int parallelism, int experiments) throws InterruptedException {
        lab.runner(); // stores, clips and v0 before the clock starts
        var slots = lab.sandbox();
        var evaluator = lab.evaluator();
        Duration ranBefore = slots.ran();
        Duration waitedBefore = slots.waited();
        Duration metricsBefore = evaluator.metricsTime();
        var loop = new Loop();
        long start = System.nanoTime();
        loop.run(lab, experiments, parallelism, start);
        double seconds = (System.nanoTime() - start) / 1e9;
        double sandbox = seconds(slots.ran().minus(ranBefore));
        double waited = seconds(slots.waited().minus(waitedBefore));
        double metrics = seconds(evaluator.metricsTime().minus(metricsBefore));
        double experimentSeconds = loop.experimentNanos.sum() / 1e9;
        Double share = lab.config().inFlight() == 1
                ? (experimentSeconds - sandbox - metrics - waited) / experimentSeconds : null;
        return new Throughput(parallelism, loop.ended.size(), seconds, loop.ended.size() / seconds * 3600,
                loop.firstAdoptionSeconds(), loop.count(ExperimentStatus.ADOPTED), loop.count(ExperimentStatus.FAILED),
                experimentSeconds, sandbox, metrics, waited, share);
    }

    private static OptimiserRun optimise(CodecLab lab, String mode, long seed, int budget, String heldOut)
            throws InterruptedException {
        lab.runner();
        var loop = new Loop();
        long start = System.nanoTime();
        loop.run(lab, budget, lab.config().inFlight(), start);
        double seconds = (System.nanoTime() - start) / 1e9;
        var champion = lab.champion();
        double bd = 0;
        if (champion.version() > 0) {
            var clip = lab.clips().load(heldOut);
            var result = lab.evaluator().evaluate(Champions.code(champion, lab.artifacts()), BuiltInCodecs.baseline(),
                    List.of(clip), List.of(clip), StageListener.NONE);
            if (!(result instanceof ProgramEvaluation.Scored scored)) {
                throw new IllegalStateException("champion v" + champion.version() + " of the " + mode + " run, seed "
                        + seed + ", failed on the held-out clip: " + ((ProgramEvaluation.Failed) result).failure());
            }
            bd = scored.bdRateVsChampionPercent();
        }
        return new OptimiserRun(mode, seed, loop.ended.size(), loop.count(ExperimentStatus.ADOPTED),
                loop.count(ExperimentStatus.FAILED), champion.version(), bd, seconds);
    }

    /** The daemon's loop with no delay, recording what ended and when. */
    private static final class Loop implements Daemon.Listener {
        private final List<ExperimentRecord> ended = java.util.Collections.synchronizedList(new ArrayList<>());
        private final LongAdder experimentNanos = new LongAdder();
        private final AtomicLong firstAdoptionNanos = new AtomicLong(-1);
        private long start;

        void run(CodecLab lab, int experiments, int inFlight, long start) throws InterruptedException {
            this.start = start;
            var daemon = Daemon.builder(() -> lab.runner().runOnce()).interval(Duration.ZERO)
                    .maxExperiments(experiments).inFlight(inFlight).listener(this).build();
            daemon.run();
            if (daemon.internalErrors() > 0) {
                throw new IllegalStateException(daemon.internalErrors() + " experiment(s) failed inside the"
                        + " orchestrator: see the log above");
            }
        }

        @Override
        public void experimentEnded(ExperimentRecord record, Duration took) {
            ended.add(record);
            experimentNanos.add(took.toNanos());
            if (record.status() == ExperimentStatus.ADOPTED) {
                firstAdoptionNanos.compareAndSet(-1, System.nanoTime() - start);
            }
        }

        Double firstAdoptionSeconds() {
            long n = firstAdoptionNanos.get();
            return n < 0 ? null : n / 1e9;
        }

        int count(ExperimentStatus status) {
            return (int) ended.stream().filter(r -> r.status() == status).count();
        }
    }

    private static CodecLabConfig settings(Options options, Path dataDir, String name, int parallelism, String mode,
                                           long seed) {
        return settings(options, dataDir, name, parallelism, mode, seed, clip(options, SEARCH_CLIP),
                clip(options, ADOPTION_CLIP));
    }

    private static CodecLabConfig settings(Options options, Path dataDir, String name, int parallelism, String mode,
                                           long seed, String searchClip, String adoptionClip) {
        var env = new LinkedHashMap<String, String>();
        env.put(CodecLabConfig.DATA_DIR, dataDir.toString());
        env.put(CodecLabConfig.TABLE_PREFIX, "bench-" + name);
        env.put(CodecLabConfig.BUCKET, "bench-" + name);
        env.put(CodecLabConfig.SANDBOX, options.sandbox());
        env.put(CodecLabConfig.PARALLELISM, Integer.toString(parallelism));
        env.put(CodecLabConfig.SEARCH_CLIPS, searchClip);
        env.put(CodecLabConfig.ADOPTION_CLIPS, adoptionClip);
        env.put(CodecLabConfig.OFFLINE_MODE, mode);
        env.put(CodecLabConfig.SEARCH_SEED, Long.toString(seed));
        return CodecLabConfig.load(Optional.empty(), env, Map.of());
    }

    /** The first {@code frames} frames of a clip, written once into the bench's data directory. */
    private static String shortened(Options options, String name, Path dataDir) throws java.io.IOException {
        Path out = dataDir.resolve("clips").resolve(options.frames() + "f-" + name);
        Files.createDirectories(out.getParent());
        Y4m.write(Y4m.read(Path.of(clip(options, name))).firstFrames(options.frames()), out);
        return out.toString();
    }

    private static String clip(Options options, String name) {
        return options.clips().resolve(name).toAbsolutePath().toString();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static double median(double[] values) {
        var sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
