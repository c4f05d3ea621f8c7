package io.bulwark.benchmarks;

import io.bulwark.sanitize.HtmlPolicy;
import io.bulwark.sanitize.HtmlSanitizer;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.owasp.html.PolicyFactory;

/**
 * Sanitizing about 1 KB of input, three ways side by side:
 *
 * <ul>
 *   <li>{@code bulwark}: {@link HtmlSanitizer} with {@link HtmlPolicy#BASIC} (plain-text fast path,
 *       then OWASP);</li>
 *   <li>{@code owaspDirect}: the very same OWASP {@link PolicyFactory}
 *       ({@link HtmlSanitizer#policyFactory()}), called directly: the engine alone;</li>
 *   <li>{@code jsoup}: {@link Jsoup#clean(String, Safelist)} with {@link Safelist#basic()}, the peer
 *       (a similar, not identical, set of allowed elements).</li>
 * </ul>
 *
 * <p>Inputs ({@code kind}): {@code PLAIN_TEXT} is prose the policy leaves as it is (no markup, no
 * character OWASP re-encodes), which Bulwark returns without parsing; {@code QUOTED_TEXT} is prose
 * with apostrophes and quotes, which OWASP re-encodes ({@code '} to {@code &#39;}) and Bulwark
 * encodes without parsing; {@code BENIGN_HTML} is formatting BASIC allows (paragraphs, emphasis,
 * lists, links); {@code HOSTILE_HTML} is a mix of XSS vectors. Every input is built once per trial.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SanitizerBenchmark
 * java -jar benchmarks/target/benchmarks.jar SanitizerBenchmark -p kind=PLAIN_TEXT -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SanitizerBenchmark {

    private static final int SIZE = 1024;

    private static final String PROSE =
            "The committee met on Tuesday to review the quarterly figures. Revenue grew by nine percent,"
            + " mostly in the northern region, while costs stayed flat. Several members asked whether the"
            + " new pricing model would hold through the winter; the finance team expects it will, but"
            + " promised a revised forecast before the next meeting. Action items: update the budget"
            + " sheet, confirm the venue for March, and circulate the draft minutes by Friday.\n";

    private static final String QUOTED_PROSE =
            "She said, \"We're not sure it'll work,\" and he replied that it's worth a try: the team's"
            + " numbers don't lie. Email the results to ops@example.com once they're in. ";

    private static final String BENIGN_HTML =
            "<p>Thanks for the <b>quick</b> review! A few notes on the <em>second</em> draft:</p>"
            + "<ul><li>Section two reads well now.</li><li>The table in section three needs a caption.</li>"
            + "<li>See <a href=\"https://example.com/style-guide\">the style guide</a> for headings.</li></ul>"
            + "<blockquote><p>Keep it short, keep it <strong>clear</strong>.</p></blockquote>"
            + "<p>Code sample: <code>list.sort(comparator)</code><br>Cheers, <i>Dana</i></p>";

    private static final String HOSTILE_HTML =
            "<p>Hi<script>alert(document.cookie)</script></p><img src=x onerror=alert(1)>"
            + "<a href=\"jav&#x09;ascript:alert(1)\" target=_blank>click</a>"
            + "<svg><animate onbegin=alert(1) attributeName=x dur=1s></svg>"
            + "<noscript><style></noscript><img src=x onerror=alert(1)></style>"
            + "<div style=\"background:url(javascript:alert(1))\">x</div><iframe src=data:text/html,x></iframe>"
            + "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>";

    /** The input kind. */
    public enum Kind {
        /** Prose that needs no change. */
        PLAIN_TEXT(PROSE),
        /** Prose with apostrophes and quotes, which OWASP re-encodes. */
        QUOTED_TEXT(QUOTED_PROSE),
        /** Formatting that BASIC allows. */
        BENIGN_HTML(SanitizerBenchmark.BENIGN_HTML),
        /** XSS vectors. */
        HOSTILE_HTML(SanitizerBenchmark.HOSTILE_HTML);

        private final String chunk;

        Kind(String chunk) {
            this.chunk = chunk;
        }

        /** The chunk repeated to about 1 KB, whole chunks only. */
        String input() {
            StringBuilder input = new StringBuilder(SIZE + chunk.length());
            while (input.length() < SIZE) {
                input.append(chunk);
            }
            return input.toString();
        }
    }

    @Param({"PLAIN_TEXT", "QUOTED_TEXT", "BENIGN_HTML", "HOSTILE_HTML"})
    public Kind kind;

    private String input;
    private HtmlSanitizer bulwark;
    private PolicyFactory owasp;
    private Safelist safelist;

    @Setup(Level.Trial)
    public void setUp() {
        input = kind.input();
        bulwark = HtmlSanitizer.of(HtmlPolicy.BASIC);
        owasp = bulwark.policyFactory();
        safelist = Safelist.basic();
        if (!bulwark.sanitize(input).equals(owasp.sanitize(input))) {
            throw new IllegalStateException("Bulwark and OWASP disagree on " + kind);
        }
    }

    @Benchmark
    public String bulwark() {
        return bulwark.sanitize(input);
    }

    @Benchmark
    public String owaspDirect() {
        return owasp.sanitize(input);
    }

    @Benchmark
    public String jsoup() {
        return Jsoup.clean(input, safelist);
    }
}
