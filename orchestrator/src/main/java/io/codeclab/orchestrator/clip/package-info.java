/**
 * Test footage: turns clip specs (a local Y4M path or {@code s3://bucket/key}) into RGB clips, caching S3 clips by
 * content hash.
 */
package io.codeclab.orchestrator.clip;
