/**
 * What both backends share, so that they behave alike: the run bookkeeping
 * ({@link io.codeclab.sandbox.internal.ActiveRuns}, {@link io.codeclab.sandbox.internal.RunState}), the
 * classification of what was observed into an outcome ({@link io.codeclab.sandbox.internal.OutcomeClassifier}),
 * the host directories handed to the sandbox user and measured against the output caps, the fixed environment,
 * and bounded stream tails. Not an API: other modules use {@code io.codeclab.sandbox} only.
 */
package io.codeclab.sandbox.internal;
