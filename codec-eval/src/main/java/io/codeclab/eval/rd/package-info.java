/**
 * Rate-distortion curves and the Bjøntegaard delta rate ({@link io.codeclab.eval.rd.BdRate}) with PCHIP
 * interpolation and exact integration.
 */
package io.codeclab.eval.rd;
