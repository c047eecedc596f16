package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalizedCodeTest {

    private static final String PROGRAM = """
            import numpy as np


            def encode(frames, quality):
                \"\"\"Packs the frames.\"\"\"
                return frames.tobytes()  # raw


            def decode(data):
                return np.frombuffer(data, np.uint8)
            """;

    @Test
    void commentsDocstringsBlankLinesAndSpacingAreRemovedIndentationAndStringsKept() {
        assertThat(NormalizedCode.of(PROGRAM)).isEqualTo("""
                import numpy as np
                def encode(frames,quality):
                    return frames.tobytes()
                def decode(data):
                    return np.frombuffer(data,np.uint8)
                """);
    }

    @Test
    void theSameProgramWithOtherCommentsAndSpacingHasTheSameKey() {
        String restyled = "# a codec\r\nimport numpy as np\r\ndef encode( frames , quality ):   \r\n"
                + "    '''other\n    docstring'''\n    # comment\n    return frames.tobytes( )\n\n"
                + "def decode(data):\n    return np.frombuffer( data,  np.uint8 )";
        assertThat(NormalizedCode.sha256(restyled)).isEqualTo(NormalizedCode.sha256(PROGRAM)).hasSize(64);
    }

    @Test
    void aChangedConstantStringOrIndentationIsAnotherProgram() {
        String base = NormalizedCode.sha256(PROGRAM);
        assertThat(NormalizedCode.sha256(PROGRAM.replace("np.uint8", "np.int8"))).isNotEqualTo(base);
        assertThat(NormalizedCode.sha256(PROGRAM.replace("return frames.tobytes()", "return frames.tobytes()[:1]")))
                .isNotEqualTo(base);
        assertThat(NormalizedCode.sha256(PROGRAM.replace("import numpy as np", "import numpy as  np")))
                .isEqualTo(base);
    }

    @Test
    void hashesAndQuotesInsideStringsStayAndStringsInExpressionsAreNotDocstrings() {
        String code = "x = '# not a comment'  # a comment\ny = \"a \\\" # b\"\nz = (\n    'part one'\n    'part two')\n"
                + "'''a bare string\nover lines'''\nf'{call()}'\nb = rb'\\d'  \n";
        assertThat(NormalizedCode.of(code)).isEqualTo("x='# not a comment'\ny=\"a \\\" # b\"\nz=(\n    'part one'\n"
                + "    'part two')\nf'{call()}'\nb=rb'\\d'\n");
    }

    @Test
    void continuedLinesKeepTheirStringAndTheBackslash() {
        assertThat(NormalizedCode.of("x = 1 + \\\n    'a'\n")).isEqualTo("x=1+\\\n    'a'\n");
    }
}
