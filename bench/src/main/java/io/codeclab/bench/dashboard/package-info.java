/** The dashboard's answer times with many experiments in the store (README: Dashboard). */
package io.codeclab.bench.dashboard;
