package io.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.sanitize.HtmlPolicy;
import io.bulwark.sanitize.HtmlSanitizer;
import jakarta.validation.Valid;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputSanitizerTest {

    private static final String HOSTILE = "<p onclick=\"steal()\">hi <script>alert(1)</script><b>there</b></p>";

    private final InputSanitizer sanitizer = InputSanitizer.standard();

    static final class Comment {
        @Sanitize(policy = HtmlPolicy.TEXT)
        private String author;
        @Sanitize
        private String body;
        private String untouched;

        Comment(String author, String body, String untouched) {
            this.author = author;
            this.body = body;
            this.untouched = untouched;
        }
    }

    record Post(@Sanitize String body, @Sanitize(policy = HtmlPolicy.TEXT) String title, String raw, int likes) {
    }

    record Discussion(@Sanitize Post first, @Valid Post second, Post unmarked) {
    }

    static class Base {
        @Sanitize
        String inherited;
    }

    static final class Derived extends Base {
        @Sanitize(policy = HtmlPolicy.TEXT)
        String own;
    }

    static final class Node {
        @Sanitize
        String text;
        @Valid
        Node next;
    }

    static final class HoldsRecord {
        @Sanitize
        Post post;
    }

    static final class HoldsRecordInFinalField {
        @Sanitize
        final Post post;

        HoldsRecordInFinalField(Post post) {
            this.post = post;
        }
    }

    static final class FinalText {
        @Sanitize
        private final String text = "x";
    }

    static final class StaticText {
        @Sanitize
        static String text;
    }

    static final class ListOfText {
        @Sanitize
        List<String> texts;
    }

    static final class PrimitiveField {
        @Sanitize
        int count;
    }

    record ListComponent(@Sanitize List<String> texts) {
    }

    static String basic(String html) {
        return HtmlSanitizer.of(HtmlPolicy.BASIC).sanitize(html);
    }

    static String text(String html) {
        return HtmlSanitizer.of(HtmlPolicy.TEXT).sanitize(html);
    }

    @Test
    void cleansTheFieldsOfAClassInPlace() {
        Comment comment = new Comment("<b>Al</b> & co", HOSTILE, HOSTILE);

        Comment result = sanitizer.sanitize(comment);

        assertSame(comment, result);
        assertEquals(text("<b>Al</b> & co"), comment.author);
        assertEquals(basic(HOSTILE), comment.body);
        assertFalse(comment.body.contains("script"));
        assertFalse(comment.body.contains("onclick"));
        assertTrue(comment.body.contains("<b>there</b>"));
        assertEquals(HOSTILE, comment.untouched);
    }

    @Test
    void buildsASanitizedCopyOfARecord() {
        Post post = new Post(HOSTILE, "<i>Title</i>", HOSTILE, 7);

        Post result = sanitizer.sanitize(post);

        assertNotSame(post, result);
        assertEquals(new Post(basic(HOSTILE), text("<i>Title</i>"), HOSTILE, 7), result);
        assertEquals(HOSTILE, post.body());
    }

    @Test
    void returnsTheSameRecordWhenNothingChanges() {
        Post post = new Post("plain words", "a title", "<raw>", 1);
        assertSame(post, sanitizer.sanitize(post));
    }

    @Test
    void leavesNullMembersAlone() {
        Post post = new Post(null, null, null, 0);
        assertSame(post, sanitizer.sanitize(post));
        Comment comment = sanitizer.sanitize(new Comment(null, null, null));
        assertNull(comment.body);
    }

    static Stream<Arguments> normalizedTexts() {
        return Stream.of(
                Arguments.of("decomposed accent", "cafe\u0301", "caf\u00e9"),
                Arguments.of("control characters", "a\u0000b\u001bc\u0085d", "abcd"),
                Arguments.of("line breaks kept", "a\r\nb\tc", "a\r\nb\tc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("normalizedTexts")
    void normalizesTextBeforeSanitizing(String description, String input, String normalized) {
        Post result = sanitizer.sanitize(new Post(input, input, input, 0));
        assertEquals(basic(normalized), result.body());
        assertEquals(text(normalized), result.title());
        assertEquals(input, result.raw());
    }

    @Test
    void usesTheConfiguredNormalizer() {
        InputSanitizer keepControls = InputSanitizer.builder()
                .normalizer(TextNormalizer.builder().stripControlCharacters(false).nfc(false).build())
                .build();
        Post result = keepControls.sanitize(new Post("e\u0301", null, null, 0));
        assertEquals(basic("e\u0301"), result.body());
    }

    @Test
    void sanitizesNestedRecordsMarkedSanitizeOrValid() {
        Discussion discussion = new Discussion(new Post(HOSTILE, null, null, 0), new Post(HOSTILE, null, null, 0),
                new Post(HOSTILE, null, null, 0));

        Discussion result = sanitizer.sanitize(discussion);

        assertEquals(basic(HOSTILE), result.first().body());
        assertEquals(basic(HOSTILE), result.second().body());
        assertSame(discussion.unmarked(), result.unmarked());
    }

    @Test
    void storesTheSanitizedCopyOfANestedRecordInAClassField() {
        HoldsRecord holder = new HoldsRecord();
        holder.post = new Post(HOSTILE, null, null, 0);

        sanitizer.sanitize(holder);

        assertEquals(basic(HOSTILE), holder.post.body());
    }

    @Test
    void refusesToDropTheCopyOfARecordHeldInAFinalField() {
        HoldsRecordInFinalField holder = new HoldsRecordInFinalField(new Post(HOSTILE, null, null, 0));
        assertThrows(IllegalArgumentException.class, () -> sanitizer.sanitize(holder));
    }

    @Test
    void cleansInheritedFields() {
        Derived derived = new Derived();
        derived.inherited = HOSTILE;
        derived.own = "<b>x</b>";

        sanitizer.sanitize(derived);

        assertEquals(basic(HOSTILE), derived.inherited);
        assertEquals(text("<b>x</b>"), derived.own);
    }

    @Test
    void cleansEachObjectOfACycleOnce() {
        Node first = new Node();
        Node second = new Node();
        first.text = HOSTILE;
        second.text = "<b>b</b> & c";
        first.next = second;
        second.next = first;

        sanitizer.sanitize(first);

        assertEquals(basic(HOSTILE), first.text);
        assertEquals(basic("<b>b</b> & c"), second.text);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        Node head = new Node();
        Node tail = head;
        for (int i = 0; i < InputSanitizer.MAX_DEPTH + 1; i++) {
            tail.next = new Node();
            tail = tail.next;
        }
        Node deep = head;
        assertThrows(IllegalArgumentException.class, () -> sanitizer.sanitize(deep));
    }

    static Stream<Class<?>> misannotatedClasses() {
        return Stream.of(FinalText.class, StaticText.class, ListOfText.class, PrimitiveField.class, ListComponent.class,
                HoldsRecordInFinalField.class);
    }

    @ParameterizedTest
    @MethodSource("misannotatedClasses")
    void refusesAnnotationsItCannotHonourWhenPrepared(Class<?> type) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sanitizer.prepare(type));
        assertTrue(e.getMessage().contains(type.getName()), e.getMessage());
    }

    @Test
    void acceptsClassesWithoutAnnotations() {
        sanitizer.prepare(String.class);
        Object plain = new Object();
        assertSame(plain, sanitizer.sanitize(plain));
        assertEquals("<b>", sanitizer.sanitize("<b>"));
    }
}
