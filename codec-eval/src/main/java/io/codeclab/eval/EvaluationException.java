package io.codeclab.eval;

/**
 * Root of codec-eval's exceptions: something about the inputs of an evaluation (a clip, a bitstream, a
 * rate-distortion curve) or about a trusted tool it runs made the evaluation impossible. Unchecked.
 */
public class EvaluationException extends RuntimeException {

    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
