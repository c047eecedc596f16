package io.codeclab.orchestrator.propose.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditsTest {

    private static final String CHAMPION = "import numpy as np\n\nQ = 8\n\ndef encode(frames, quality):\n"
            + "    step = Q * quality\n    return frames.tobytes()\n\ndef decode(data):\n    return data\n";

    @Test
    void blocksAreParsedInOrderFromProseAndFences() {
        var edits = Edits.parse("SUMMARY: finer step\n```python\n<<<<<<< SEARCH\nQ = 8\n=======\nQ = 6\n>>>>>>> REPLACE\n"
                + "```\nand\n<<<<<<< SEARCH\n    step = Q * quality\n=======\n    step = Q + quality\n>>>>>>> REPLACE\n");
        assertThat(edits).containsExactly(new Edits.Edit("Q = 8\n", "Q = 6\n"),
                new Edits.Edit("    step = Q * quality\n", "    step = Q + quality\n"));
    }

    @Test
    void exactEditsApplyInOrder() {
        var result = Edits.apply(CHAMPION, List.of(new Edits.Edit("Q = 8\n", "Q = 6\n"),
                new Edits.Edit("    step = Q * quality\n", "    step = Q + quality\n")));
        assertThat(result).isEqualTo(new Edits.Result.Applied(CHAMPION.replace("Q = 8", "Q = 6")
                .replace("Q * quality", "Q + quality")));
    }

    @Test
    void trailingWhitespaceAMissingFinalNewlineAndBlankLinesAroundTheSearchAreTolerated() {
        var result = Edits.apply(CHAMPION, List.of(new Edits.Edit("\ndef decode(data):   \n    return data",
                "def decode(data):\n    return bytes(data)\n")));
        assertThat(result).isEqualTo(new Edits.Result.Applied(CHAMPION.replace("return data\n", "return bytes(data)\n")));
    }

    @Test
    void anotherIndentationIsToleratedAndTheReplacementReindented() {
        var result = Edits.apply(CHAMPION, List.of(new Edits.Edit("step = Q * quality\nreturn frames.tobytes()\n",
                "step = Q * quality * 2\nif step:\n    pass\nreturn frames.tobytes()\n")));
        assertThat(result).isEqualTo(new Edits.Result.Applied(CHAMPION.replace(
                "    step = Q * quality\n    return frames.tobytes()\n",
                "    step = Q * quality * 2\n    if step:\n        pass\n    return frames.tobytes()\n")));
    }

    @Test
    void anEditWhoseTextIsNotThereSaysWhichAndWhy() {
        var result = Edits.apply(CHAMPION, List.of(new Edits.Edit("Q = 8\n", "Q = 6\n"),
                new Edits.Edit("def transform(x):\n", "def transform(y):\n")));
        assertThat(result).isEqualTo(new Edits.Result.NotApplied(2,
                "its SEARCH text (starting 'def transform(x):') is not in the program it applies to"));
    }

    @Test
    void anUnclosedBlockIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> Edits.parse("<<<<<<< SEARCH\nQ = 8\n=======\nQ = 6\n"))
                .hasMessage("edit 1 has no >>>>>>> REPLACE marker");
    }
}
