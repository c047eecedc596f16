/**
 * The dashboard's playground (the seed's script editor): scripts run on an image in the sandbox after the
 * policy check, and codec programs through the evaluation service on a short clip.
 */
package io.codeclab.orchestrator.playground;
