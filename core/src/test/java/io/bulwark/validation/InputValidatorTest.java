package io.bulwark.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.http.ProblemDetails;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.ParameterNameProvider;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InputValidatorTest {

    private static final String HOSTILE = "<script>alert(1)</script>";

    private static final InputValidator VALIDATOR = InputValidator.builder().build();

    /** A custom constraint whose (careless) validator puts the value into its message. */
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = EchoingValidator.class)
    @interface Echoing {
        String message() default "unused";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** Instantiated by Hibernate Validator. */
    public static final class EchoingValidator implements ConstraintValidator<Echoing, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("value " + value + " is not allowed").addConstraintViolation();
            return false;
        }
    }

    record Author(@NotBlank @PlainText String name) {
    }

    record Order(
            @Size(max = 5) String code,
            @Pattern(regexp = "[a-z]+") String slug,
            @Email String email,
            @DecimalMax("10") String amount,
            @Max(10) Integer quantity,
            @Valid Author author,
            List<@PlainText String> tags,
            Map<String, @PlainText String> labels,
            @AllowedValues({"asc", "desc"}) String direction,
            @SafeUrl String callback,
            @SafeFileName String fileName,
            @SafeHtml String note,
            @Echoing String echo) {
    }

    private static final Order HOSTILE_ORDER = new Order(HOSTILE, HOSTILE, HOSTILE, HOSTILE, 11, new Author(HOSTILE),
            List.of("fine", HOSTILE), Map.of(HOSTILE, HOSTILE), HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE);

    private static final Order VALID_ORDER = new Order("ab12", "abc", "a@example.com", "9.5", 3, new Author("Ann"),
            List.of("x"), Map.of("k", "v"), "asc", "https://example.com/hook", "a.txt", "<b>hi</b>", null);

    @Test
    void acceptsValidInput() {
        assertEquals(Optional.empty(), VALIDATOR.validate(VALID_ORDER));
        assertTrue(VALIDATOR.violations(VALID_ORDER).isEmpty());
    }

    @Test
    void answersInvalidInputWithA400Problem() throws Exception {
        ProblemDetails problem = VALIDATOR.validate(HOSTILE_ORDER).orElseThrow();

        Map<String, Object> json = JSONObjectUtils.parse(problem.toJson());

        assertEquals(400, problem.status());
        assertEquals("Bad Request", json.get("title"));
        assertEquals("The request contains invalid input", json.get("detail"));
        List<?> errors = (List<?>) json.get("errors");
        assertEquals(13, errors.size());
        for (Object error : errors) {
            assertEquals(List.of("field", "message"), List.copyOf(((Map<?, ?>) error).keySet()));
        }
    }

    @Test
    void neverEchoesTheRejectedValue() {
        String json = VALIDATOR.validate(HOSTILE_ORDER).orElseThrow().toJson();

        assertFalse(json.contains("script"), json);
        assertFalse(json.contains("alert"), json);
        assertFalse(json.contains("<"), json);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("code", "size must be between 0 and 5"),
                Arguments.of("slug", "must match \"[a-z]+\""),
                Arguments.of("email", "must be a well-formed email address"),
                // @DecimalMax's message needs Expression Language, which is not on the classpath
                Arguments.of("amount", FieldViolation.INVALID),
                Arguments.of("quantity", "must be less than or equal to 10"),
                Arguments.of("author.name", "must be plain text without markup"),
                Arguments.of("tags[1]", "must be plain text without markup"),
                // a map key is client input: the path leaves it out
                Arguments.of("labels[]", "must be plain text without markup"),
                Arguments.of("direction", "must be one of the allowed values"),
                Arguments.of("callback", "must be a URL with an allowed scheme and host"),
                Arguments.of("fileName", "must be a file name without path, control characters or reserved names"),
                Arguments.of("note", "must be HTML that the policy allows"),
                Arguments.of("echo", FieldViolation.INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void reportsEachFieldWithAFixedMessage(String field, String message) {
        Map<String, List<String>> byField = VALIDATOR.violations(HOSTILE_ORDER).stream()
                .collect(Collectors.groupingBy(FieldViolation::field,
                        Collectors.mapping(FieldViolation::message, Collectors.toList())));
        assertEquals(List.of(message), byField.get(field), byField.toString());
    }

    @Test
    void listsErrorsInAStableOrder() throws Exception {
        List<?> errors = (List<?>) JSONObjectUtils.parse(VALIDATOR.validate(HOSTILE_ORDER).orElseThrow().toJson()).get("errors");
        List<String> fields = errors.stream().map(e -> (String) ((Map<?, ?>) e).get("field")).toList();
        assertEquals(fields.stream().sorted().toList(), fields);
    }

    @Test
    void refusesAnInvalidInputProblemWithoutViolations() {
        assertThrows(IllegalArgumentException.class, () -> InputProblems.invalidInput(List.of()));
    }

    @Test
    void speaksEnglishUnlessToldOtherwise() {
        Order tooLong = new Order("abcdef", null, null, null, null, null, null, null, null, null, null, null, null);
        InputValidator german = InputValidator.builder().locale(Locale.GERMAN).build();

        assertEquals("size must be between 0 and 5", VALIDATOR.violations(tooLong).get(0).message());
        assertNotEquals("size must be between 0 and 5", german.violations(tooLong).get(0).message());
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface QueryName {
        String value();
    }

    static final class SearchResource {
        public String search(@QueryName("sort") @AllowedValues({"name", "created_at"}) String sort,
                @QueryName("q") @PlainText @Size(max = 50) String query) {
            return sort + query;
        }
    }

    /** Names parameters as an adapter would, from their query parameter annotations. */
    static final class QueryNames implements ParameterNameProvider {
        @Override
        public List<String> getParameterNames(Constructor<?> constructor) {
            return names(constructor);
        }

        @Override
        public List<String> getParameterNames(Method method) {
            return names(method);
        }

        private static List<String> names(Executable executable) {
            return Arrays.stream(executable.getParameters())
                    .map(p -> p.isAnnotationPresent(QueryName.class) ? p.getAnnotation(QueryName.class).value() : p.getName())
                    .toList();
        }
    }

    @Test
    void validatesMethodParametersUnderTheirQueryNames() throws Exception {
        InputValidator validator = InputValidator.builder().parameterNameProvider(new QueryNames()).build();
        Method search = SearchResource.class.getMethod("search", String.class, String.class);

        Optional<ProblemDetails> problem = validator.validateParameters(new SearchResource(), search,
                new Object[] {"password; --", HOSTILE});
        Optional<ProblemDetails> none = validator.validateParameters(new SearchResource(), search,
                new Object[] {"created_at", "shoes"});

        assertTrue(none.isEmpty());
        String json = problem.orElseThrow().toJson();
        assertEquals(List.of(Map.of("field", "q", "message", "must be plain text without markup"),
                        Map.of("field", "sort", "message", "must be one of the allowed values")),
                JSONObjectUtils.parse(json).get("errors"));
        assertFalse(json.contains("password"));
    }
}
