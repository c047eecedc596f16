package io.codeclab.orchestrator.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses one setting's text into its value, or refuses it with a message naming the setting and the form it takes. */
public final class SettingValues {

    private SettingValues() {
    }

    static List<Integer> parseQualities(String raw) {
        var list = new ArrayList<Integer>();
        for (String part : raw.split(",")) {
            try {
                int q = Integer.parseInt(part.trim());
                if (q < 1 || q > 10) {
                    throw new NumberFormatException();
                }
                list.add(q);
            } catch (NumberFormatException e) {
                throw new ConfigException(CodecLabConfig.QUALITIES + "='" + raw + "' must be comma-separated integers within 1..10");
            }
        }
        if (list.size() < 2 || list.stream().distinct().count() != list.size()) {
            throw new ConfigException(CodecLabConfig.QUALITIES + "='" + raw + "' needs at least two distinct qualities");
        }
        return List.copyOf(list);
    }

    static int parsePositiveInt(String name, String raw) {
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "='" + raw + "' must be a positive integer");
        }
    }

    static int parsePort(String name, String raw) {
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < 0 || v > 65535) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "='" + raw + "' must be a port number within 0..65535 (0: any free port)");
        }
    }

    /** "true"/"false" (also yes/no, on/off, 1/0), as {@code CODEC_LAB_ENABLED} and its SSM parameter take them. */
    public static boolean parseBoolean(String name, String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(name + "='" + raw + "' must be true or false");
        };
    }

    /** Parses "10m", "30s", "500ms", "2h" (or an ISO-8601 duration) for flags such as {@code --interval}. */
    public static Duration parseDuration(String name, String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigException(name + "='" + raw + "' is not a duration like 30s, 10m, 2h or 500ms");
        }
    }

    static double parseNonNegativeDouble(String name, String raw) {
        try {
            double v = Double.parseDouble(raw.trim());
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + "='" + raw + "' must be a non-negative number");
        }
    }
}
