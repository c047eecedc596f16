/**
 * The {@code codec-lab} command line: thin picocli commands that parse, call a service of {@link
 * io.codeclab.orchestrator.app.CodecLab} and print text or JSON, with the exit codes of SPEC §2.
 */
package io.codeclab.orchestrator.cli;
