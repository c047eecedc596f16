/** What the search costs and whether it helps: throughput per parallelism, the optimiser against random sampling. */
package io.codeclab.bench.search;
