/**
 * The x264 reference curve ({@link io.codeclab.eval.anchor.X264Anchor}) every candidate codec is compared with.
 */
package io.codeclab.eval.anchor;
