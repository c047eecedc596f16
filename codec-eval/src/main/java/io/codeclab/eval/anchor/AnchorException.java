package io.codeclab.eval.anchor;

import io.codeclab.eval.EvaluationException;

/** The x264 anchor could not be produced: ffmpeg missing, failing, timing out, or giving the wrong frame count. */
public class AnchorException extends EvaluationException {

    public AnchorException(String message) {
        super(message);
    }

    public AnchorException(String message, Throwable cause) {
        super(message, cause);
    }
}
