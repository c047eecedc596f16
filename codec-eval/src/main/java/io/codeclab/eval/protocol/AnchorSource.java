package io.codeclab.eval.protocol;

import io.codeclab.eval.harness.Clip;
import io.codeclab.eval.rd.RatePoint;
import java.util.List;

/** Rate-distortion points of a reference encoder on a clip (kbps, PSNR-Y), measured by the same Java code. */
@FunctionalInterface
public interface AnchorSource {

    /** No anchor: BD-rates against it are left out. */
    AnchorSource NONE = clip -> List.of();

    List<RatePoint> points(Clip clip);
}
