package io.codeclab.bench.policy;

import io.codeclab.eval.policy.Policy;
import io.codeclab.eval.policy.PolicyChecker;
import io.codeclab.eval.policy.PolicyVerdict;
import io.codeclab.sandbox.Sandbox;
import io.codeclab.sandbox.SandboxBackend;
import io.codeclab.sandbox.SandboxConfig;
import io.codeclab.sandbox.SandboxLaunchException;
import io.codeclab.sandbox.Sandboxes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link PolicyChecker#check} end to end (temporary files, process start, parsing, verdict) on a
 * generated, realistic 2,000-line codec program: median of 20 runs after 3 warm-up runs, once through an
 * unconfined child process (the checker's own cost) and once through the bubblewrap sandbox when that
 * backend can be created. SPEC §6 target: under 300 ms.
 *
 * <p>Run: {@code scripts/codec-lab bench policy [RUNS]}.
 */
public final class PolicyCheckBenchmark {

    public static final int LINES = 2000;
    private static final int WARM_UP = 3;

    private PolicyCheckBenchmark() {
    }

    /** Timings of one configuration, in milliseconds. */
    public record Result(String backend, int lines, double medianMillis, double minMillis, double maxMillis, int runs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-12s %5d lines  wall: median %6.1f ms  min %6.1f ms  max %6.1f ms  (%d runs)",
                    backend, lines, medianMillis, minMillis, maxMillis, runs);
        }
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String program = generateProgram(LINES);
        Policy policy = Policy.bundled();
        var results = new ArrayList<Result>();
        String cpu;
        try (var direct = new UnconfinedBenchmarkProcess()) {
            var checker = new PolicyChecker(direct);
            for (int i = 0; i < WARM_UP; i++) {
                requireAccepted(checker.check(program, policy));
            }
            direct.forgetCpuTimes();
            results.add(measure(checker, policy, program, runs, direct.backend()));
            double[] times = direct.cpuMillis().stream().mapToDouble(Long::doubleValue).sorted().toArray();
            cpu = String.format(Locale.ROOT, "checker process CPU time (interpreter start included): median %.0f ms,"
                    + " min %.0f ms, max %.0f ms", median(times), times[0], times[times.length - 1]);
        }
        try (Sandbox bwrap = Sandboxes.create(SandboxConfig.custom().backend(SandboxBackend.BWRAP).build())) {
            results.add(measure(new PolicyChecker(bwrap), policy, program, runs, bwrap.backend()));
        } catch (SandboxLaunchException e) {
            System.out.println("bwrap: not measured, the backend cannot be created here: " + e.getMessage());
        }
        results.forEach(System.out::println);
        System.out.println(cpu);
        System.out.printf(Locale.ROOT, "machine: %d CPUs, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Checks {@code program} {@code runs} times after a warm-up; fails if the program is not accepted. */
    public static Result measure(PolicyChecker checker, Policy policy, String program, int runs, String backend) {
        for (int i = 0; i < WARM_UP; i++) {
            requireAccepted(checker.check(program, policy));
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            PolicyVerdict verdict = checker.check(program, policy);
            millis[i] = (System.nanoTime() - start) / 1e6;
            requireAccepted(verdict);
        }
        Arrays.sort(millis);
        return new Result(backend, (int) program.lines().count(), median(millis), millis[0], millis[runs - 1], runs);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void requireAccepted(PolicyVerdict verdict) {
        if (!verdict.accepted()) {
            throw new IllegalStateException("the benchmark program must be accepted:\n" + verdict.feedback());
        }
    }

    /**
     * A realistic codec program of at least {@code lines} lines: numbered copies of block transforms,
     * quantisers, entropy helpers, dataclasses and torch modules, followed by encode/decode.
     */
    public static String generateProgram(int lines) {
        var out = new StringBuilder(HEADER);
        int i = 0;
        while (out.chars().filter(c -> c == '\n').count() < lines - FOOTER.lines().count()) {
            out.append(UNIT.replace("{i}", Integer.toString(i++)));
        }
        out.append(FOOTER);
        List<String> all = out.toString().lines().toList();
        return String.join("\n", all) + "\n";
    }

    private static final String HEADER = """
            \"\"\"Generated benchmark codec: block DCT + quantisation + zlib, with a small torch post-filter.\"\"\"
            from __future__ import annotations

            import io
            import math
            import struct
            import zlib
            from collections import Counter
            from dataclasses import dataclass, field
            from typing import List, Tuple

            import cv2
            import numpy as np
            import torch
            import torch.nn as nn
            import torch.nn.functional as F

            BLOCK = 8

            """;

    private static final String UNIT = """

            def dct_matrix_{i}(n: int = BLOCK) -> np.ndarray:
                m = np.zeros((n, n), dtype=np.float64)
                for k in range(n):
                    scale = math.sqrt(1.0 / n) if k == 0 else math.sqrt(2.0 / n)
                    for j in range(n):
                        m[k, j] = scale * math.cos(math.pi * (2 * j + 1) * k / (2 * n))
                return m


            def quantise_{i}(block: np.ndarray, step: float) -> np.ndarray:
                d = dct_matrix_{i}(block.shape[0])
                coeffs = d @ block.astype(np.float64) @ d.T
                return np.round(coeffs / step).astype(np.int16)


            def dequantise_{i}(q: np.ndarray, step: float) -> np.ndarray:
                d = dct_matrix_{i}(q.shape[0])
                return d.T @ (q.astype(np.float64) * step) @ d


            @dataclass
            class Header{i}:
                frames: int
                height: int
                width: int
                quality: int
                extra: List[int] = field(default_factory=list)

                def pack(self) -> bytes:
                    return struct.pack("<4I", self.frames, self.height, self.width, self.quality)

                @classmethod
                def unpack(cls, data: bytes) -> Tuple["Header{i}", int]:
                    return cls(*struct.unpack_from("<4I", data, 0)), 16


            class PostFilter{i}(nn.Module):
                def __init__(self, channels: int = 8):
                    super().__init__()
                    self.conv1 = nn.Conv2d(3, channels, 3, padding=1)
                    self.conv2 = nn.Conv2d(channels, 3, 3, padding=1)

                def forward(self, x: torch.Tensor) -> torch.Tensor:
                    return x + self.conv2(F.relu(self.conv1(x)))


            def entropy_bits_{i}(symbols: bytes) -> float:
                counts = Counter(symbols)
                total = sum(counts.values()) or 1
                return -sum(c * math.log2(c / total) for c in counts.values())


            def pack_planes_{i}(frames: np.ndarray, quality: int) -> bytes:
                step = 2.0 + (10 - quality) * 3.0
                buf = io.BytesIO()
                buf.write(Header{i}(len(frames), frames.shape[1], frames.shape[2], quality).pack())
                luma = cv2.cvtColor(frames[0], cv2.COLOR_RGB2YCrCb)[..., 0].astype(np.float64) - 128.0
                h, w = luma.shape
                for y in range(0, h - BLOCK + 1, BLOCK):
                    for x in range(0, w - BLOCK + 1, BLOCK):
                        buf.write(quantise_{i}(luma[y:y + BLOCK, x:x + BLOCK], step).tobytes())
                return zlib.compress(buf.getvalue(), 6)


            @torch.no_grad()
            def refine_{i}(frames: np.ndarray) -> np.ndarray:
                model = PostFilter{i}()
                model.eval()
                x = torch.from_numpy(frames).permute(0, 3, 1, 2).float() / 255.0
                y = model(x).clamp(0, 1)
                return (y * 255).round().byte().permute(0, 2, 3, 1).numpy()

            """;

    private static final String FOOTER = """


            def encode(frames: np.ndarray, quality: int) -> bytes:
                return pack_planes_0(frames, quality)


            def decode(data: bytes) -> np.ndarray:
                raw = zlib.decompress(data)
                header, offset = Header0.unpack(raw)
                return np.zeros((header.frames, header.height, header.width, 3), dtype=np.uint8)
            """;
}
