package io.codeclab.eval.video;

import io.codeclab.eval.EvaluationException;

/** A clip file is not a Y4M stream this module can read (bad header, unsupported colour space, truncated). */
public class ClipFormatException extends EvaluationException {

    public ClipFormatException(String message) {
        super(message);
    }

    public ClipFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
