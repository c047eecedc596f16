/**
 * The embedded defaults: DynamoDB Local and an S3-compatible server run by one process per data directory, joined
 * by the others, taken over when their owner exits.
 */
package io.codeclab.orchestrator.embedded;
