package io.bulwark.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void tourShowsEveryOutcomeOfTheContract() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertTrue(out.contains("development mode"), out);
        assertTrue(out.contains("WWW-Authenticate: Bearer realm=\"demo\"\n"), out);
        assertTrue(out.contains("200 allowed for alice"), out);
        assertTrue(out.contains("error=\"insufficient_scope\""), out);
        assertTrue(out.contains("The access token expired"), out);
        assertTrue(out.contains("The access token is signed with an unknown key"), out);
    }
}
