/**
 * Where the policy in force comes from (an SSM parameter, a file, the bundled one), reloaded when it changes and
 * logged when its version does.
 */
package io.codeclab.orchestrator.policy;
