package io.codeclab.orchestrator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/** Reading and parsing command-line inputs, with usage errors (exit 2) that say what was wrong. */
final class Inputs {

    private Inputs() {
    }

    static String readSource(CommandLine cl, Path file) {
        requireFile(cl, file);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new CommandLine.ParameterException(cl, file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, "cannot read " + file + ": " + e.getMessage());
        }
    }

    static void requireFile(CommandLine cl, Path file) {
        if (!Files.exists(file)) {
            throw new CommandLine.ParameterException(cl, "no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(cl, file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            // A FIFO or a device: reading it could block for ever or never end.
            throw new CommandLine.ParameterException(cl, file + " is not a regular file");
        }
    }

    /** "1g", "512m", "64k", "1GiB", or plain bytes. */
    static long parseBytes(CommandLine cl, String option, String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
        long unit = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        try {
            double v = Double.parseDouble(s);
            if (!(v > 0)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cl, option + " '" + raw + "' is not a size like 512m or 1g");
        }
    }
}
