package io.codeclab.testing;

import java.util.Locale;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one way a test depends on its environment. A missing precondition skips the test with
 * the reason, unless the environment says it is required: {@value #REQUIRE_DOCKER}=1 or
 * {@value #REQUIRE_BWRAP}=1 or {@value #REQUIRE_BROWSER}=1 (scripts/test sets them) turn the skip into a
 * failure with the same reason, so that CI cannot go green by skipping.
 */
public final class Preconditions {

    public static final String REQUIRE_DOCKER = "CODEC_LAB_REQUIRE_DOCKER";
    public static final String REQUIRE_BWRAP = "CODEC_LAB_REQUIRE_BWRAP";
    /** Headless Chromium and its chromedriver, for the dashboard's browser tests. */
    public static final String REQUIRE_BROWSER = "CODEC_LAB_REQUIRE_BROWSER";

    private Preconditions() {
    }

    /** A Docker engine (and whatever else {@code reason} names) that Docker-backed tests need. */
    public static void docker(boolean available, Supplier<String> reason) {
        require(REQUIRE_DOCKER, available, reason);
    }

    /** What the bubblewrap sandbox needs on this host. */
    public static void bwrap(boolean available, Supplier<String> reason) {
        require(REQUIRE_BWRAP, available, reason);
    }

    /** A headless Chromium with a matching chromedriver (Debian's {@code chromium} and {@code chromium-driver}). */
    public static void browser(boolean available, Supplier<String> reason) {
        require(REQUIRE_BROWSER, available, reason);
    }

    /** Skips when {@code available} is false, or fails when the flag named {@code requireFlag} is set. */
    public static void require(String requireFlag, boolean available, Supplier<String> reason) {
        if (available) {
            return;
        }
        if (isRequired(requireFlag)) {
            Assertions.fail(requireFlag + " is set, so this test must not be skipped: " + reason.get());
        }
        Assumptions.abort(reason.get() + " (set " + requireFlag + "=1 to make this a failure)");
    }

    /** Whether the flag is set to 1/true/yes (environment, or a system property of that name). */
    public static boolean isRequired(String requireFlag) {
        String value = System.getProperty(requireFlag, System.getenv(requireFlag));
        return value != null && switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            default -> false;
        };
    }
}
