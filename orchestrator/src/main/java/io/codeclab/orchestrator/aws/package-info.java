/**
 * The one place AWS clients are built ({@link io.codeclab.orchestrator.aws.AwsClients}): region, credentials,
 * endpoint and retry strategy from the configuration and the embedded services, for the store, the artifact store,
 * SSM and whatever comes next.
 */
package io.codeclab.orchestrator.aws;
