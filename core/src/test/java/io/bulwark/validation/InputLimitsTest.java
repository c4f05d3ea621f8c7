package io.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.http.ProblemDetails;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputLimitsTest {

    static LongStream limits() {
        return LongStream.of(0, 1, 2, 7, 8192, 100_000);
    }

    private static InputStream body(long size) {
        byte[] bytes = new byte[(int) size];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return new ByteArrayInputStream(bytes);
    }

    @ParameterizedTest
    @MethodSource("limits")
    void readsABodyOfExactlyTheLimitInBulk(long limit) throws IOException {
        try (LimitedInputStream in = new LimitedInputStream(body(limit), limit)) {
            assertEquals(limit, in.readAllBytes().length);
            assertEquals(-1, in.read());
            assertEquals(limit, in.count());
        }
    }

    @ParameterizedTest
    @MethodSource("limits")
    void readsABodyOfExactlyTheLimitByteByByte(long limit) throws IOException {
        try (LimitedInputStream in = new LimitedInputStream(body(limit), limit)) {
            for (long i = 0; i < limit; i++) {
                assertEquals((int) (i & 0xFF), in.read());
            }
            assertEquals(-1, in.read());
        }
    }

    @ParameterizedTest
    @MethodSource("limits")
    void throwsInBulkAtTheByteAfterTheLimit(long limit) throws IOException {
        try (LimitedInputStream in = new LimitedInputStream(body(limit + 1), limit)) {
            BodyTooLargeException e = assertThrows(BodyTooLargeException.class, in::readAllBytes);
            assertEquals(limit, e.limit());
        }
    }

    @ParameterizedTest
    @MethodSource("limits")
    void throwsByteByByteAtTheByteAfterTheLimit(long limit) throws IOException {
        try (LimitedInputStream in = new LimitedInputStream(body(limit + 1), limit)) {
            for (long i = 0; i < limit; i++) {
                in.read();
            }
            assertThrows(BodyTooLargeException.class, in::read);
        }
    }

    @Test
    void readsNoMoreThanOneByteBeyondTheLimit() throws IOException {
        ByteArrayInputStream underlying = (ByteArrayInputStream) body(1000);
        try (LimitedInputStream in = new LimitedInputStream(underlying, 10)) {
            assertThrows(BodyTooLargeException.class, () -> in.read(new byte[500]));
            assertEquals(1000 - 11, underlying.available());
        }
    }

    @Test
    void keepsFailingOnceTheLimitWasPassed() throws IOException {
        try (LimitedInputStream in = new LimitedInputStream(body(20), 5)) {
            assertThrows(BodyTooLargeException.class, in::readAllBytes);
            assertThrows(BodyTooLargeException.class, in::read);
            assertThrows(BodyTooLargeException.class, () -> in.read(new byte[4], 0, 4));
            assertThrows(BodyTooLargeException.class, () -> in.skip(1));
        }
    }

    @Test
    void countsSkippedBytes() throws IOException {
        try (LimitedInputStream in = new LimitedInputStream(body(20), 10)) {
            assertEquals(10, in.skip(10));
            assertEquals(10, in.count());
            assertThrows(BodyTooLargeException.class, in::read);
        }
        try (LimitedInputStream in = new LimitedInputStream(body(20), 10)) {
            assertThrows(BodyTooLargeException.class, () -> in.skip(15));
        }
    }

    @Test
    void resetRestoresTheCount() throws IOException {
        try (LimitedInputStream in = new LimitedInputStream(body(8), 8)) {
            in.mark(100);
            assertEquals(8, in.readAllBytes().length);
            in.reset();
            assertEquals(0, in.count());
            byte[] again = in.readAllBytes();
            assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7}, again);
        }
    }

    @Test
    void readsNothingForAnEmptyRequest() throws IOException {
        try (LimitedInputStream in = new LimitedInputStream(body(5), 5)) {
            assertEquals(0, in.read(new byte[4], 0, 0));
            assertEquals(0, in.count());
        }
    }

    static Stream<Arguments> contentLengths() {
        long limit = InputLimits.DEFAULT_MAX_BODY_BYTES;
        return Stream.of(
                Arguments.of(-1L, false),
                Arguments.of(0L, false),
                Arguments.of(1L, false),
                Arguments.of(limit, false),
                Arguments.of(limit + 1, true),
                Arguments.of(Long.MAX_VALUE, true));
    }

    @ParameterizedTest(name = "Content-Length {0}")
    @MethodSource("contentLengths")
    void judgesTheDeclaredContentLength(long contentLength, boolean over) {
        assertEquals(over, InputLimits.defaults().isOverBodyLimit(contentLength));
    }

    @Test
    void defaultsToOneMebibyteAndSixtyFourKibiCharacters() {
        assertEquals(1024 * 1024, InputLimits.defaults().maxBodyBytes());
        assertEquals(64 * 1024, InputLimits.defaults().maxFieldLength());
    }

    @Test
    void judgesFieldLength() {
        InputLimits limits = InputLimits.builder().maxFieldLength(5).build();
        assertFalse(limits.isOverFieldLimit("12345"));
        assertTrue(limits.isOverFieldLimit("123456"));
    }

    @Test
    void wrapsBodiesWithTheConfiguredLimit() throws IOException {
        InputLimits limits = InputLimits.builder().maxBodyBytes(3).build();
        try (LimitedInputStream in = limits.limit(body(4))) {
            assertEquals(3, in.limit());
            assertThrows(BodyTooLargeException.class, in::readAllBytes);
        }
    }

    @Test
    void refusesLimitsBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> InputLimits.builder().maxBodyBytes(0));
        assertThrows(IllegalArgumentException.class, () -> InputLimits.builder().maxFieldLength(0));
        assertThrows(IllegalArgumentException.class, () -> new LimitedInputStream(body(0), -1));
    }

    @Test
    void answersTooLargeBodiesWith413() throws Exception {
        ProblemDetails problem = InputProblems.bodyTooLarge();

        Map<String, Object> json = JSONObjectUtils.parse(problem.toJson());

        assertEquals(413, problem.status());
        assertEquals(413L, json.get("status"));
        assertEquals("Content Too Large", json.get("title"));
        assertEquals("The request body is too large", json.get("detail"));
    }

    @Test
    void findsTheExceptionWhereAFrameworkWrappedIt() {
        BodyTooLargeException tooLarge = new BodyTooLargeException(10);
        assertSame(tooLarge, BodyTooLargeException.findIn(new RuntimeException(new UncheckedIOException(tooLarge))).orElseThrow());
        assertTrue(BodyTooLargeException.findIn(new IOException("other")).isEmpty());
        assertTrue(BodyTooLargeException.findIn(null).isEmpty());
    }

    @Test
    void exceptionMessageStatesTheLimitOnly() {
        assertEquals("The request body is larger than 10 bytes", new BodyTooLargeException(10).getMessage());
        assertEquals(0, new BodyTooLargeException(10).getStackTrace().length);
    }
}
