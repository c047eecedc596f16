/**
 * Search beyond one lineage (issue 16): the program database (every scored program with its metrics, lineage
 * and behaviour cell, on DynamoDB), parent and inspiration selection mixing exploitation and exploration, and
 * the claim that keeps two workers from evaluating the same program.
 */
package io.codeclab.orchestrator.search;
