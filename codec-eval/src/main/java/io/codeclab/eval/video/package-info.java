/**
 * Video as codec-eval handles it: {@link io.codeclab.eval.video.Y4m} reads and writes 8-bit Y4M clips
 * ({@link io.codeclab.eval.video.Y4mVideo}), {@link io.codeclab.eval.video.Bt601} converts them to and from
 * the interleaved RGB frames ({@link io.codeclab.eval.video.RgbVideo}) that codec programs see.
 */
package io.codeclab.eval.video;
