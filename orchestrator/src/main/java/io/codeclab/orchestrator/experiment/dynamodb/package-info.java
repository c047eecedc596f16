/**
 * The DynamoDB adapter of the experiment store: the table definition ({@link
 * io.codeclab.orchestrator.experiment.dynamodb.TableSchema}), the item mapping and the conditional writes,
 * translating SDK failures into the store's exceptions.
 */
package io.codeclab.orchestrator.experiment.dynamodb;
