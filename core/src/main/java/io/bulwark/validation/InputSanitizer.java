package io.bulwark.validation;

import io.bulwark.sanitize.HtmlSanitizer;
import java.lang.invoke.MethodHandle;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sanitizes the {@link Sanitize @Sanitize} members of a DTO in one call. Immutable and thread-safe.
 *
 * <pre>{@code
 * public record NewPost(@Sanitize(policy = HtmlPolicy.BASIC) String body, String author) {}
 * public final class Comment { @Sanitize(policy = HtmlPolicy.TEXT) private String text; ... }
 *
 * InputSanitizer sanitizer = InputSanitizer.standard();
 * NewPost post = sanitizer.sanitize(new NewPost("<p onclick=x()>hi</p>", "al"));  // a copy: body "<p>hi</p>"
 * Comment comment = sanitizer.sanitize(received);                                   // the same object, cleaned
 * }</pre>
 *
 * <p>Each text is first normalized by the {@link TextNormalizer} (by default NFC, control
 * characters removed), then sanitized with its member's policy. A mutable class is cleaned in
 * place and returned; a record is rebuilt through its canonical constructor, and the copy is
 * returned (the same record when nothing changed). Nested DTOs in members marked
 * {@code @Sanitize} or {@code @Valid} are sanitized by their own annotations, in place or as
 * copies; fields of superclasses count.
 *
 * <p>Each class is inspected by reflection once, the first time it is seen (or in
 * {@link #prepare(Class)}), and its plan is kept in a {@link ClassValue}: bounded by the classes
 * that exist, and dropped with them when a class loader goes away. Nothing is logged but class
 * and member names; never a value.
 */
public final class InputSanitizer {

    private static final Logger LOG = LoggerFactory.getLogger(InputSanitizer.class);

    /** Deeper nesting is a cycle through records or a hostile object graph, not a DTO. */
    static final int MAX_DEPTH = 64;

    private static final ClassValue<SanitizingPlan> PLANS = new ClassValue<>() {
        @Override
        protected SanitizingPlan computeValue(Class<?> type) {
            SanitizingPlan plan = SanitizingPlan.of(type);
            LOG.atDebug().setMessage("sanitizing plan resolved")
                    .addKeyValue("class", type.getName())
                    .addKeyValue("members", plan.members().size())
                    .log();
            return plan;
        }
    };

    private static final InputSanitizer STANDARD = builder().build();

    private final TextNormalizer normalizer;

    private InputSanitizer(Builder builder) {
        this.normalizer = builder.normalizer;
    }

    /**
     * The sanitizer with the {@linkplain TextNormalizer#standard() standard normalizer}.
     *
     * @return the shared standard sanitizer
     */
    public static InputSanitizer standard() {
        return STANDARD;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Inspects a DTO class now rather than on first use, so that a misplaced annotation fails at
     * deployment; adapters call it for each request body type they know.
     *
     * @param type the DTO class
     * @throws IllegalArgumentException when an annotation cannot be honoured: {@code @Sanitize} on
     *         a static or final {@code String} field of a class, or on a collection, map, array or scalar
     * @throws IllegalStateException when the class's members cannot be reached by reflection
     */
    public void prepare(Class<?> type) {
        PLANS.get(Objects.requireNonNull(type, "type"));
    }

    /**
     * Sanitizes a DTO.
     *
     * @param dto an instance of a class or a record
     * @param <T> its type
     * @return the same object, cleaned (a class), or a cleaned copy (a record; the same record when
     *         nothing changed)
     * @throws IllegalArgumentException as {@link #prepare(Class)} does, or when DTOs nest deeper
     *         than 64 levels
     */
    @SuppressWarnings("unchecked")
    public <T> T sanitize(T dto) {
        Objects.requireNonNull(dto, "dto");
        return (T) sanitizeObject(dto, new IdentityHashMap<>(), 0);
    }

    private Object sanitizeObject(Object dto, Map<Object, Boolean> seen, int depth) {
        SanitizingPlan plan = PLANS.get(dto.getClass());
        if (plan.isEmpty()) {
            return dto;
        }
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("DTOs nest deeper than " + MAX_DEPTH + " levels at " + plan.type().getName());
        }
        try {
            return plan.isRecord() ? sanitizeRecord(plan, dto, seen, depth) : sanitizeInPlace(plan, dto, seen, depth);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // method handles declare Throwable; accessors and constructors of DTOs throw nothing checked
            throw new IllegalStateException("sanitizing " + plan.type().getName() + " failed", e);
        }
    }

    private Object sanitizeInPlace(SanitizingPlan plan, Object dto, Map<Object, Boolean> seen, int depth) throws Throwable {
        if (seen.put(dto, Boolean.TRUE) != null) {
            return dto; // a cycle, or an object shared by two members: cleaned once
        }
        for (SanitizingPlan.Member member : plan.members()) {
            Object value = (Object) member.getter().invokeExact(dto);
            Object clean = cleanMember(member, value, seen, depth);
            if (clean != value) {
                MethodHandle setter = member.setter();
                if (setter == null) {
                    throw new IllegalArgumentException("cannot store the sanitized copy of the record in final field "
                            + member.name() + "; make the field non-final");
                }
                setter.invokeExact(dto, clean);
            }
        }
        return dto;
    }

    private Object sanitizeRecord(SanitizingPlan plan, Object dto, Map<Object, Boolean> seen, int depth) throws Throwable {
        List<MethodHandle> accessors = plan.components();
        Object[] arguments = null;
        for (SanitizingPlan.Member member : plan.members()) {
            Object value = (Object) member.getter().invokeExact(dto);
            Object clean = cleanMember(member, value, seen, depth);
            if (clean != value) {
                if (arguments == null) {
                    arguments = new Object[accessors.size()];
                    for (int i = 0; i < arguments.length; i++) {
                        arguments[i] = (Object) accessors.get(i).invokeExact(dto);
                    }
                }
                arguments[member.index()] = clean;
            }
        }
        if (arguments == null) {
            return dto;
        }
        MethodHandle constructor = Objects.requireNonNull(plan.canonicalConstructor());
        return (Object) constructor.invokeExact(arguments);
    }

    private @Nullable Object cleanMember(SanitizingPlan.Member member, @Nullable Object value,
            Map<Object, Boolean> seen, int depth) {
        if (value == null) {
            return null;
        }
        HtmlSanitizer sanitizer = member.sanitizer();
        if (sanitizer == null) {
            return sanitizeObject(value, seen, depth + 1);
        }
        String text = (String) value;
        String clean = sanitizer.sanitize(normalizer.normalize(text));
        return clean.equals(text) ? text : clean;
    }

    @Override
    public String toString() {
        return "InputSanitizer[" + normalizer + "]";
    }

    /** Builds an {@link InputSanitizer}. Not thread-safe; build once, share the result. */
    public static final class Builder {

        private TextNormalizer normalizer = TextNormalizer.standard();

        private Builder() {
        }

        /**
         * The normalizer applied to each text before it is sanitized. Default:
         * {@link TextNormalizer#standard()}.
         *
         * @param normalizer the normalizer
         * @return this builder
         */
        public Builder normalizer(TextNormalizer normalizer) {
            this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
            return this;
        }

        /**
         * Builds the sanitizer.
         *
         * @return an immutable sanitizer
         */
        public InputSanitizer build() {
            return new InputSanitizer(this);
        }
    }
}
