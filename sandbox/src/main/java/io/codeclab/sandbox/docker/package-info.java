/**
 * The Docker backend: one hardened container per run on a local or remote engine through docker-java.
 * {@link io.codeclab.sandbox.docker.DockerContainerSpec} holds every hardening setting;
 * {@link io.codeclab.sandbox.docker.DockerSandbox} creates, watches and removes the containers; the
 * engine is found and probed (engine answers, runner image exists) in one place, {@code DockerEngine}.
 */
package io.codeclab.sandbox.docker;
