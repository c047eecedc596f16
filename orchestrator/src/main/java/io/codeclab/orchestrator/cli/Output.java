package io.codeclab.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.codeclab.orchestrator.app.Json;
import io.codeclab.orchestrator.experiment.ExperimentRecord;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes command results: one JSON document on stdout with {@code --json}, readable text otherwise. */
final class Output {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = Json.mapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    static void json(Object value) {
        try {
            System.out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON", e);
        }
    }

    /**
     * The status as a reader should take it: a running status whose lease ran out (its process is gone, the
     * next sweep abandons it) says so, e.g. {@code EVALUATING (lease expired)}.
     */
    static String status(ExperimentRecord r, Instant now) {
        return r.leaseExpired(now) ? r.status() + " (lease expired)" : r.status().name();
    }

    /** The record as JSON, with {@code "leaseExpired": true} when {@link #status} says so. */
    static Object json(ExperimentRecord r, Instant now) {
        if (!r.leaseExpired(now)) {
            return r;
        }
        Map<String, Object> m = new LinkedHashMap<>(JSON.convertValue(r, Map.class));
        m.put("leaseExpired", true);
        return m;
    }

    static void experimentTable(List<ExperimentRecord> records, PrintStream out) {
        var now = Instant.now();
        out.printf(Locale.ROOT, "%-30s %-10s %-6s %-8s %10s %8s %8s  %s%n", "ID", "STATUS", "BASE", "ADOPTED",
                "KBPS@TOP", "PSNR-Y", "BD-RATE", "SUMMARY / FAILURE");
        for (var r : records) {
            var top = r.points().isEmpty() ? null : r.points().get(r.points().size() - 1);
            String note = r.failure() != null ? r.failure().kind() + ": " + r.failure().message() : r.summary();
            out.printf(Locale.ROOT, "%-30s %-10s %-6s %-8s %10s %8s %8s  %s%n", r.id(), status(r, now),
                    "v" + r.championVersion(), r.adoptedVersion() == null ? "" : "v" + r.adoptedVersion(),
                    top == null ? "" : String.format(Locale.ROOT, "%.1f", top.kbps()),
                    top == null ? "" : String.format(Locale.ROOT, "%.2f", top.psnrY()),
                    r.bdRateVsChampionPercent() == null ? ""
                            : String.format(Locale.ROOT, "%+.2f%%", r.bdRateVsChampionPercent()),
                    abbreviate(note, 90));
        }
    }

    static void experimentDetail(ExperimentRecord r, PrintStream out) {
        out.printf("experiment %s%n  status      %s%n  champion    v%d%n", r.id(), status(r, Instant.now()),
                r.championVersion());
        if (r.leaseOwner() != null) {
            out.printf("  lease       %s until %s%n", r.leaseOwner(), r.leaseExpiresAt());
        }
        if (r.adoptedVersion() != null) {
            out.printf("  adopted as  v%d%n", r.adoptedVersion());
        }
        out.printf("  source      %s%n  summary     %s%n  code        sha256 %s%n  created     %s%n  updated     %s%n",
                r.source(), r.summary(), r.codeSha256(), r.createdAt(), r.updatedAt());
        if (r.bdRateVsChampionPercent() != null) {
            out.printf(Locale.ROOT, "  BD-rate vs champion  %+.2f %%%n", r.bdRateVsChampionPercent());
        }
        if (r.bdRateVsX264Percent() != null) {
            out.printf(Locale.ROOT, "  BD-rate vs x264      %+.2f %%%n", r.bdRateVsX264Percent());
        }
        if (!r.points().isEmpty()) {
            out.printf("  %-7s %10s %10s %8s %8s %9s %8s%n", "quality", "bytes", "kbps", "psnrY", "psnrRgb", "ssimY", "bpp");
            for (var p : r.points()) {
                out.printf(Locale.ROOT, "  %-7d %10d %10.1f %8.2f %8.2f %9.4f %8.4f%n", p.quality(), p.bytes(), p.kbps(),
                        p.psnrY(), p.psnrRgb(), p.ssimY(), p.bpp());
            }
        }
        r.violations().forEach(v -> out.printf("  violation   line %d:%d %s: %s%n", v.line(), v.column(), v.rule(),
                v.message()));
        if (r.failure() != null) {
            out.printf("  failure     [%s] %s: %s%n", r.failure().stage(), r.failure().kind(), r.failure().message());
        }
        r.artifacts().forEach((name, key) -> out.printf("  artifact    %-16s %s%n", name, key));
    }

    private static String abbreviate(String s, int max) {
        s = s.replace('\n', ' ');
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
