package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseParserTest {

    static final String PROGRAM = "import numpy as np\n\ndef encode(frames, quality):\n    return frames.tobytes()\n\n"
            + "def decode(data):\n    return np.frombuffer(data, np.uint8).reshape(1, 2, 2, 3)\n";

    @Test
    void aFencedProgramAfterASummaryLine() {
        var parsed = ResponseParser.parse("SUMMARY: raw frames, for a start\n\n```python\n" + PROGRAM + "```\n", false);
        assertThat(parsed).isEqualTo(new ParsedResponse.WholeProgram(PROGRAM, "raw frames, for a start"));
    }

    @Test
    void ofTwoFencedBlocksTheOneDefiningEncodeAndDecodeIsTaken() {
        String text = "Here is a helper first:\n```python\ndef helper(x):\n    return x * 2\n```\n"
                + "And the codec:\n```\n" + PROGRAM + "```\nHope this helps.";
        var parsed = ResponseParser.parse(text, false);
        assertThat(parsed).isEqualTo(new ParsedResponse.WholeProgram(PROGRAM, "Here is a helper first:"));
    }

    @Test
    void unfencedCodeAfterProseIsTakenFromItsFirstLine() {
        var parsed = ResponseParser.parse("Sure. The program:\n" + PROGRAM, false);
        assertThat(parsed).isEqualTo(new ParsedResponse.WholeProgram(PROGRAM, "Sure. The program:"));
    }

    @Test
    void searchReplaceBlocksAreEdits() {
        var parsed = ResponseParser.parse("**Summary:** bigger step\n<<<<<<< SEARCH\nQ = 8\n=======\nQ = 9\n>>>>>>> REPLACE\n",
                false);
        assertThat(parsed).isInstanceOf(ParsedResponse.EditList.class);
        assertThat(((ParsedResponse.EditList) parsed).edits()).containsExactly(new Edits.Edit("Q = 8\n", "Q = 9\n"));
        assertThat(parsed.summary()).isEqualTo("bigger step");
    }

    @Test
    void unusableAnswersAreClassified() {
        assertThat(ResponseParser.parse("  \n", false)).isInstanceOf(ParsedResponse.Unusable.class)
                .extracting(r -> ((ParsedResponse.Unusable) r).kind()).isEqualTo("EMPTY");
        assertThat(ResponseParser.parse("```python\n" + PROGRAM, true))
                .extracting(r -> ((ParsedResponse.Unusable) r).kind()).isEqualTo("TRUNCATED");
        assertThat(ResponseParser.parse("I'm sorry, but I can't help with that.", false))
                .extracting(r -> ((ParsedResponse.Unusable) r).kind()).isEqualTo("REFUSED");
        assertThat(ResponseParser.parse("Use a DCT.\n```python\ndef encode(frames, quality):\n    pass\n```", false))
                .isEqualTo(new ParsedResponse.Unusable("PARSE", "no program found in the answer: 1 code block(s),"
                        + " none defining both encode(frames, quality) and decode(data) at the top level"));
        assertThat(ResponseParser.parse("<<<<<<< SEARCH\nQ = 8\n", false))
                .extracting(r -> ((ParsedResponse.Unusable) r).kind()).isEqualTo("PARSE");
    }
}
