package io.codeclab.orchestrator.execlog;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts by lines (longest common subsequence; programs are a few hundred lines). */
final class LineDiff {

    private static final int CONTEXT = 2;
    private static final int MAX_LINES = 2000;

    private LineDiff() {
    }

    static String unified(String from, String to, String fromName, String toName) {
        String[] a = from.split("\n", -1);
        String[] b = to.split("\n", -1);
        if (a.length > MAX_LINES || b.length > MAX_LINES) {
            return "";
        }
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // ops: ' ' keep, '-' remove, '+' add, with the line index on each side
        var ops = new ArrayList<int[]>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                ops.add(new int[] {' ', i++, j++});
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new int[] {'-', i++, j});
            } else {
                ops.add(new int[] {'+', i, j++});
            }
        }
        var out = new StringBuilder();
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int keep = 0;
            while (end < ops.size() && keep <= 2 * CONTEXT) {
                keep = ops.get(end)[0] == ' ' ? keep + 1 : 0;
                end++;
            }
            end = Math.min(ops.size(), end - Math.max(0, keep - CONTEXT));
            hunk(out, ops.subList(start, end), a, b);
            k = end;
        }
        if (out.isEmpty()) {
            return "";
        }
        return "--- " + fromName + "\n+++ " + toName + "\n" + out;
    }

    private static void hunk(StringBuilder out, List<int[]> ops, String[] a, String[] b) {
        int aStart = ops.get(0)[1];
        int bStart = ops.get(0)[2];
        int aCount = 0;
        int bCount = 0;
        var body = new StringBuilder();
        for (var op : ops) {
            switch (op[0]) {
                case ' ' -> {
                    body.append(' ').append(a[op[1]]).append('\n');
                    aCount++;
                    bCount++;
                }
                case '-' -> {
                    body.append('-').append(a[op[1]]).append('\n');
                    aCount++;
                }
                default -> {
                    body.append('+').append(b[op[2]]).append('\n');
                    bCount++;
                }
            }
        }
        out.append("@@ -").append(aStart + 1).append(',').append(aCount).append(" +").append(bStart + 1).append(',')
                .append(bCount).append(" @@\n").append(body);
    }
}
