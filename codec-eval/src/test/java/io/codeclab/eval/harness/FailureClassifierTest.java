package io.codeclab.eval.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a Python traceback on stderr becomes a failure kind and message ({@code lastExceptionLine}). */
class FailureClassifierTest {

    @Test
    void takesTypeAndMessageFromTheLastLineOfATraceback() {
        String stderr = """
                Traceback (most recent call last):
                  File "/code/harness.py", line 91, in <module>
                    main()
                  File "/code/codec.py", line 4, in encode
                    raise ValueError(f"bad quality {quality}")
                ValueError: bad quality 11
                """;

        assertThat(FailureClassifier.lastExceptionLine(stderr)).containsExactly("ValueError", "bad quality 11");
    }

    @Test
    void dottedTypesAreReducedToTheClassName() {
        String stderr = "Traceback (most recent call last):\n  File \"/code/codec.py\", line 9, in encode\n"
                + "numpy.core._exceptions._ArrayMemoryError: Unable to allocate 12.0 GiB for an array\n";

        assertThat(FailureClassifier.lastExceptionLine(stderr))
                .containsExactly("_ArrayMemoryError", "Unable to allocate 12.0 GiB for an array");
    }

    @Test
    void exceptionWithoutMessageHasAnEmptyMessage() {
        assertThat(FailureClassifier.lastExceptionLine("Traceback (most recent call last):\n  File \"x\"\nAssertionError\n"))
                .containsExactly("AssertionError", "");
        assertThat(FailureClassifier.lastExceptionLine("KeyboardInterrupt")).containsExactly("KeyboardInterrupt", "");
        assertThat(FailureClassifier.lastExceptionLine("StopIteration")).containsExactly("StopIteration", "");
    }

    @Test
    void onlyTheFirstColonSeparatesTypeFromMessage() {
        assertThat(FailureClassifier.lastExceptionLine("KeyError: 'plane: y'"))
                .containsExactly("KeyError", "'plane: y'");
    }

    @Test
    void lowerCaseErrorClassesOfCModulesKeepTheirModule() {
        assertThat(FailureClassifier.lastExceptionLine("struct.error: unpack requires a buffer of 12 bytes"))
                .containsExactly("struct.error", "unpack requires a buffer of 12 bytes");
        assertThat(FailureClassifier.lastExceptionLine("zlib.error: Error -3 while decompressing data: incorrect header check"))
                .containsExactly("zlib.error", "Error -3 while decompressing data: incorrect header check");
        assertThat(FailureClassifier.lastExceptionLine("cv2.error: OpenCV(4.6.0) ./modules/imgcodecs/src/loadsave.cpp:816: "
                + "error: (-215:Assertion failed) !buf.empty() in function 'imdecode_'\n\n"))
                .containsExactly("cv2.error", "OpenCV(4.6.0) ./modules/imgcodecs/src/loadsave.cpp:816: "
                        + "error: (-215:Assertion failed) !buf.empty() in function 'imdecode_'");
        assertThat(FailureClassifier.lastExceptionLine("numpy.linalg.LinAlgError: Singular matrix"))
                .containsExactly("LinAlgError", "Singular matrix");
        assertThat(FailureClassifier.lastExceptionLine("error: something")).isEmpty();
    }

    @Test
    void chainedExceptionsReportTheLastOne() {
        String stderr = """
                Traceback (most recent call last):
                  File "/code/codec.py", line 3, in decode
                KeyError: 'n'

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "/code/codec.py", line 5, in decode
                RuntimeError: header is missing 'n'
                """;

        assertThat(FailureClassifier.lastExceptionLine(stderr)).containsExactly("RuntimeError", "header is missing 'n'");
    }

    @Test
    void multiLineMessageIsFoundByItsFirstLine() {
        String stderr = "Traceback (most recent call last):\n  File \"/code/codec.py\"\n"
                + "ValueError: shapes do not match:\n  left (4, 180, 320, 3)\n  right (3, 180, 320, 3)\n";

        assertThat(FailureClassifier.lastExceptionLine(stderr)).containsExactly("ValueError", "shapes do not match:");
    }

    @Test
    void windowsLineEndingsAndIndentationAreTolerated() {
        assertThat(FailureClassifier.lastExceptionLine("Traceback (most recent call last):\r\n  TypeError: bad operand\r\n"))
                .containsExactly("TypeError", "bad operand");
    }

    @Test
    void sourceLinesContractMessagesAndPlainOutputAreNotExceptions() {
        assertThat(FailureClassifier.lastExceptionLine("")).isEmpty();
        assertThat(FailureClassifier.lastExceptionLine("    raise ValueError(\"x\")\n")).isEmpty();
        assertThat(FailureClassifier.lastExceptionLine("WRONG_DTYPE: decode must return uint8, returned float64\n")).isEmpty();
        assertThat(FailureClassifier.lastExceptionLine("encoding frame 3 of 4\nError: nothing\n")).isEmpty();
        assertThat(FailureClassifier.lastExceptionLine("/code/codec.py:7: RuntimeWarning: overflow in cast\n")).isEmpty();
    }

    @Test
    void warningTypesCountWhenRaised() {
        assertThat(FailureClassifier.lastExceptionLine("UserWarning: deprecated option")).containsExactly("UserWarning",
                "deprecated option");
        assertThat(FailureClassifier.lastExceptionLine("SystemExit: 2")).containsExactly("SystemExit", "2");
    }
}
