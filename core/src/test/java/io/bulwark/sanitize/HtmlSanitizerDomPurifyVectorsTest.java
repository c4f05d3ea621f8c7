package io.bulwark.sanitize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONArrayUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * DOMPurify's expectation fixtures as extra hostile input. Only the payloads are used: DOMPurify's
 * expected outputs come from its own, wider default policy in a browser DOM, so the assertion is
 * the safety property, not string equality.
 *
 * <p>The fixtures are shared data outside this repository (licence MPL-2.0 OR Apache-2.0, see the
 * README next to them); the path can be moved with {@code -Dbulwark.dompurify.vectors=...}. Where
 * they are missing, this test is reported as skipped with the reason, never as passed.
 */
class HtmlSanitizerDomPurifyVectorsTest {

    /** shared/ lies beside the checkout; tests run in core/, two levels below it. */
    private static final Path FIXTURES = Path.of(System.getProperty("bulwark.dompurify.vectors",
            Path.of("").toAbsolutePath().resolve("../../shared/vectors/dompurify/dompurify-expect.json")
                    .normalize().toString()));

    @Test
    void dompurifyPayloadsLeaveNothingThatRuns() throws IOException, java.text.ParseException {
        Assumptions.assumeTrue(Files.isReadable(FIXTURES),
                "DOMPurify fixtures not found at " + FIXTURES + ": these extra hostile inputs were NOT tested"
                        + " (set -Dbulwark.dompurify.vectors to the path of dompurify-expect.json)");
        List<Object> entries = JSONArrayUtils.parse(Files.readString(FIXTURES, StandardCharsets.UTF_8));
        assertTrue(entries.size() >= 200, "expected the 223 fixtures, found " + entries.size());

        List<String> failures = new ArrayList<>();
        for (Object entry : entries) {
            String payload = (String) ((Map<?, ?>) entry).get("payload");
            for (HtmlPolicy policy : HtmlPolicy.values()) {
                HtmlSanitizer sanitizer = HtmlSanitizer.of(policy);
                String sanitized = sanitizer.sanitize(payload);
                List<String> problems = ActiveContent.problems(sanitized, ActiveContent.allowedElements(policy));
                if (!problems.isEmpty()) {
                    failures.add(policy + ": " + payload + "\n    became " + sanitized + "\n    holding " + problems);
                }
                if (!sanitizer.sanitizeWithParser(payload).equals(sanitized)) {
                    failures.add(policy + ": fast path and parser disagree on " + payload);
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " failures");
    }
}
