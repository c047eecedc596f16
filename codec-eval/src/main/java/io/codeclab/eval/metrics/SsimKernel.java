package io.codeclab.eval.metrics;

/**
 * The inner loop of {@link Ssim}: SSIM and SSE of one pair of 8-bit planes. Two implementations compute the
 * same windows with the same integer sums and the same per-window float formula; they differ only in how
 * they get there (and, by float rounding, in the order a row of window values is added up).
 *
 * <p>{@link #choose(String)} picks one; {@code codeclab.metrics.kernel} names it ({@code auto}, the default,
 * takes the vector kernel when the JVM runs with {@code --add-modules jdk.incubator.vector} and has vector
 * registers of at least 256 bits, else the scalar one).
 */
sealed interface SsimKernel permits ScalarSsimKernel, VectorSsimKernel {

    String PROPERTY = "codeclab.metrics.kernel";

    /** SSIM and sum of squared differences of two tightly packed planes, already checked for size. */
    Ssim.PlaneResult measure(byte[] a, byte[] b, int width, int height);

    /** A short description for logs and benchmark reports, such as {@code vector (512-bit)}. */
    String describe();

    /** The kernel named by {@code name}; {@code vectorApi} says whether {@link #vectorApiLoaded()}. */
    static SsimKernel choose(String name, boolean vectorApi) {
        return switch (name) {
            case "scalar" -> new ScalarSsimKernel();
            case "vector" -> {
                if (!vectorApi) {
                    throw new MetricsException(PROPERTY + "=vector needs the JVM option --add-modules jdk.incubator.vector");
                }
                yield new VectorSsimKernel();
            }
            case "auto" -> vectorApi && VectorSsimKernel.isWorthwhile() ? new VectorSsimKernel() : new ScalarSsimKernel();
            default -> throw new MetricsException("unknown " + PROPERTY + " '" + name + "': use auto, scalar or vector");
        };
    }

    /**
     * Whether the incubating Vector API is in the boot layer. {@link VectorSsimKernel} must not be touched
     * otherwise: its class would fail to link.
     */
    static boolean vectorApiLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
