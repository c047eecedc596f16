package io.codeclab.eval.anchor;

import io.codeclab.eval.rd.RatePoint;
import java.util.List;

/**
 * The x264 anchor curve of one clip.
 *
 * @param clipSha256 hash of the frames and format the anchor was made from (the cache key)
 * @param points     one point per requested CRF, in the order requested
 * @param fromCache  true when every point came from the cache and ffmpeg did not run
 */
public record AnchorResult(String clipSha256, List<AnchorPoint> points, boolean fromCache) {

    public AnchorResult {
        points = List.copyOf(points);
    }

    /** (kbps, PSNR-Y) of every point, for {@link io.codeclab.eval.rd.BdRate#compute}. */
    public List<RatePoint> ratePoints() {
        return points.stream().map(AnchorPoint::ratePoint).toList();
    }
}
