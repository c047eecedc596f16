package io.codeclab.eval.policy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every snippet of the escape corpus ({@code corpus/accept/*.py}, {@code corpus/reject/*.py}) and every
 * honest program ({@code corpus/honest/*.py}) through the real checker script with the bundled policy. A rejected
 * snippet names its expected rule (and optionally the line) in its first line: {@code # expect: denied-api} or
 * {@code # expect: syntax-error line 3}. A snippet that collects the spellings of one general rule starts with
 * {@code # expect-each: <rule>}: every line ending in {@code # !} must carry a violation of that rule, and no
 * other line may carry any, so each spelling is pinned on its own and honest lines beside them stay accepted.
 */
class PolicyCorpusTest {

    private static final Pattern EXPECT = Pattern.compile("^# expect: ([a-z-]+)(?: line (\\d+))?\\s*$");
    private static final Pattern EXPECT_EACH = Pattern.compile("^# expect-each: ([a-z|-]+)\\s*$");
    private static final String MARK = "# !";
    /** Honest programs written the way LLMs write codecs; every one must be accepted (false positives: 0). */
    private static final int HONEST_PROGRAMS = 32;

    private static UnconfinedProcessSandbox sandbox;
    private static PolicyChecker checker;
    private static Policy policy;

    @BeforeAll
    static void start() {
        sandbox = new UnconfinedProcessSandbox();
        checker = new PolicyChecker(sandbox);
        policy = Policy.bundled();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Stream<Path> accepted() throws IOException, URISyntaxException {
        return snippets("accept").stream();
    }

    static Stream<Path> rejected() throws IOException, URISyntaxException {
        return snippets("reject").stream().filter(p -> !firstLine(p).startsWith("# expect-each:"));
    }

    static Stream<Path> spellings() throws IOException, URISyntaxException {
        return snippets("reject").stream().filter(p -> firstLine(p).startsWith("# expect-each:"));
    }

    static Stream<Path> honest() throws IOException, URISyntaxException {
        return snippets("honest").stream();
    }

    private static String firstLine(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Path> snippets(String kind) throws IOException, URISyntaxException {
        Path dir = Path.of(PolicyCorpusTest.class.getResource("corpus/" + kind).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void goodProgramIsAccepted(Path snippet) throws IOException {
        PolicyVerdict verdict = checker.check(Files.readString(snippet, StandardCharsets.UTF_8), policy);

        assertThat(verdict.violations()).as(snippet.getFileName().toString()).isEmpty();
        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.policyVersion()).isEqualTo(policy.version());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void escapeIsRejectedWithTheExpectedRule(Path snippet) throws IOException {
        String source = Files.readString(snippet, StandardCharsets.UTF_8);
        Matcher expect = EXPECT.matcher(source.lines().findFirst().orElse(""));
        assertThat(expect.matches()).as("first line of %s must be '# expect: <rule> [line N]'", snippet).isTrue();
        String rule = expect.group(1);

        PolicyVerdict verdict = checker.check(source, policy);

        assertThat(verdict.accepted()).as(snippet.getFileName().toString()).isFalse();
        assertThat(verdict.violations()).extracting(Violation::rule).as(verdict.feedback()).contains(rule);
        if (expect.group(2) != null) {
            int line = Integer.parseInt(expect.group(2));
            assertThat(verdict.violations()).as(verdict.feedback())
                    .anySatisfy(v -> {
                        assertThat(v.rule()).isEqualTo(rule);
                        assertThat(v.line()).isEqualTo(line);
                    });
        }
        assertThat(verdict.violations()).allSatisfy(v -> {
            assertThat(v.message()).isNotBlank().doesNotContain("\n");
            assertThat(v.line()).isBetween(1, (int) source.lines().count() + 1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void everySpellingOfAGeneralRuleIsRejectedOnItsOwnLine(Path snippet) throws IOException {
        String source = Files.readString(snippet, StandardCharsets.UTF_8);
        Matcher expect = EXPECT_EACH.matcher(source.lines().findFirst().orElse(""));
        assertThat(expect.matches()).isTrue();
        var rules = List.of(expect.group(1).split("\\|"));
        List<String> lines = source.lines().toList();
        var marked = new java.util.TreeSet<Integer>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).stripTrailing().endsWith(MARK)) {
                marked.add(i + 1);
            }
        }
        assertThat(marked).as("%s marks no line with '%s'", snippet, MARK).hasSizeGreaterThanOrEqualTo(2);

        PolicyVerdict verdict = checker.check(source, policy);

        var withRule = new java.util.TreeSet<Integer>();
        var anyRule = new java.util.TreeSet<Integer>();
        for (Violation v : verdict.violations()) {
            anyRule.add(v.line());
            if (rules.contains(v.rule())) {
                withRule.add(v.line());
            }
        }
        assertThat(withRule).as("lines with %s in %s%n%s", rules, snippet.getFileName(), verdict.feedback())
                .containsAll(marked);
        assertThat(anyRule).as("lines with any violation in %s (only marked lines may have one)%n%s",
                snippet.getFileName(), verdict.feedback()).isSubsetOf(marked);
    }

    @Test
    void everyHonestProgramIsAcceptedNoFalsePositives() throws IOException, URISyntaxException {
        var programs = snippets("honest");
        var refused = new java.util.ArrayList<String>();
        int accepted = 0;
        for (Path program : programs) {
            PolicyVerdict verdict = checker.check(Files.readString(program, StandardCharsets.UTF_8), policy);
            if (verdict.accepted()) {
                accepted++;
            } else {
                refused.add(program.getFileName() + ":\n" + verdict.feedback());
            }
        }

        assertThat(programs).hasSize(HONEST_PROGRAMS);
        assertThat(refused).as("false positives").isEmpty();
        assertThat(accepted).isEqualTo(HONEST_PROGRAMS);
    }

    @Test
    void corpusHasAtLeastSixtySnippetsOfBothKinds() throws IOException, URISyntaxException {
        assertThat(snippets("accept")).hasSizeGreaterThanOrEqualTo(20);
        assertThat(snippets("reject")).hasSizeGreaterThanOrEqualTo(60);
    }
}
