package io.bulwark.validation;

import io.bulwark.sanitize.HtmlSanitizer;
import jakarta.validation.Valid;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What sanitizing one class takes, resolved once by reflection: which members to clean and the
 * method handles that read, write or rebuild them. Immutable.
 */
final class SanitizingPlan {

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType SETTER = MethodType.methodType(void.class, Object.class, Object.class);

    /**
     * One member to clean.
     *
     * @param name the field or component name, for error messages
     * @param index the component index (records), or -1
     * @param getter reads the member: (Object)Object
     * @param setter writes the member: (Object,Object)void; null for records and final fields
     * @param sanitizer the text's sanitizer; null for a nested object
     */
    record Member(String name, int index, MethodHandle getter, @Nullable MethodHandle setter,
            @Nullable HtmlSanitizer sanitizer) {
    }

    private final Class<?> type;
    private final List<Member> members;
    /** For records: every component's accessor, in order, and the canonical constructor taking (Object[]). */
    private final List<MethodHandle> components;
    private final @Nullable MethodHandle canonicalConstructor;

    private SanitizingPlan(Class<?> type, List<Member> members, List<MethodHandle> components,
            @Nullable MethodHandle canonicalConstructor) {
        this.type = type;
        this.members = List.copyOf(members);
        this.components = List.copyOf(components);
        this.canonicalConstructor = canonicalConstructor;
    }

    Class<?> type() {
        return type;
    }

    List<Member> members() {
        return members;
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    boolean isRecord() {
        return canonicalConstructor != null;
    }

    @Nullable MethodHandle canonicalConstructor() {
        return canonicalConstructor;
    }

    List<MethodHandle> components() {
        return components;
    }

    /**
     * Resolves the plan of a class.
     *
     * @throws IllegalArgumentException when an annotation cannot be honoured (static or final
     *         text field, {@code @Sanitize} on a collection, an array or a scalar)
     * @throws IllegalStateException when reflection is denied (a module that does not open the package)
     */
    static SanitizingPlan of(Class<?> type) {
        return type.isRecord() ? ofRecord(type) : ofClass(type);
    }

    private static SanitizingPlan ofClass(Class<?> type) {
        List<Member> members = new ArrayList<>();
        for (Class<?> c = type; c != null && !isPlatformType(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Sanitize sanitize = field.getAnnotation(Sanitize.class);
                boolean cascade = field.isAnnotationPresent(Valid.class);
                if (field.isSynthetic() || (sanitize == null && !cascade)) {
                    continue;
                }
                String name = c.getName() + "." + field.getName();
                boolean isStatic = Modifier.isStatic(field.getModifiers());
                boolean isFinal = Modifier.isFinal(field.getModifiers());
                if (sanitize != null && isStatic) {
                    throw new IllegalArgumentException("@Sanitize on static field " + name + ": only instance fields are sanitized");
                }
                HtmlSanitizer sanitizer = textSanitizer(sanitize, field.getType(), name);
                if (sanitizer != null && isFinal) {
                    throw new IllegalArgumentException("@Sanitize on final field " + name
                            + ": make it non-final, or make the class a record so that a sanitized copy is built");
                }
                if (!isStatic && sanitizer == null && isFinal && field.getType().isRecord()) {
                    throw new IllegalArgumentException("nested record in final field " + name
                            + ": its sanitized copy could not be stored; make the field non-final");
                }
                if (isStatic || (sanitizer == null && !isNestedType(field.getType()))) {
                    continue; // @Valid on a container or a scalar: for validation, not for sanitizing
                }
                open(field, type);
                MethodHandle getter = unreflect(() -> MethodHandles.lookup().unreflectGetter(field).asType(GETTER), type);
                MethodHandle setter = isFinal ? null
                        : unreflect(() -> MethodHandles.lookup().unreflectSetter(field).asType(SETTER), type);
                members.add(new Member(name, -1, getter, setter, sanitizer));
            }
        }
        return new SanitizingPlan(type, members, List.of(), null);
    }

    private static SanitizingPlan ofRecord(Class<?> type) {
        RecordComponent[] recordComponents = type.getRecordComponents();
        List<Member> members = new ArrayList<>();
        List<MethodHandle> accessors = new ArrayList<>();
        Class<?>[] parameterTypes = new Class<?>[recordComponents.length];
        for (int i = 0; i < recordComponents.length; i++) {
            RecordComponent component = recordComponents[i];
            parameterTypes[i] = component.getType();
            open(component.getAccessor(), type);
            MethodHandle accessor = unreflect(() -> MethodHandles.lookup().unreflect(component.getAccessor()).asType(GETTER), type);
            accessors.add(accessor);
            Sanitize sanitize = component.getAnnotation(Sanitize.class);
            // @Valid has no RECORD_COMPONENT target: it lands on the accessor, the field and the parameter
            boolean cascade = component.getAccessor().isAnnotationPresent(Valid.class);
            if (sanitize == null && !cascade) {
                continue;
            }
            String name = type.getName() + "." + component.getName();
            HtmlSanitizer sanitizer = textSanitizer(sanitize, component.getType(), name);
            if (sanitizer != null || isNestedType(component.getType())) {
                members.add(new Member(name, i, accessor, null, sanitizer));
            }
        }
        if (members.isEmpty()) {
            return new SanitizingPlan(type, members, List.of(), null);
        }
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
        }
        open(constructor, type);
        MethodHandle canonical = unreflect(() -> MethodHandles.lookup().unreflectConstructor(constructor)
                .asSpreader(Object[].class, parameterTypes.length)
                .asType(MethodType.methodType(Object.class, Object[].class)), type);
        return new SanitizingPlan(type, members, accessors, canonical);
    }

    /** The sanitizer of a {@code @Sanitize} String member; null for a nested object; refuses other types. */
    private static @Nullable HtmlSanitizer textSanitizer(@Nullable Sanitize sanitize, Class<?> memberType, String name) {
        if (sanitize == null) {
            return null;
        }
        if (memberType == String.class) {
            return HtmlSanitizer.of(sanitize.policy());
        }
        if (isNestedType(memberType)) {
            return null;
        }
        throw new IllegalArgumentException("@Sanitize on " + name + " of type " + memberType.getName()
                + ": it applies to String members and to nested objects; collections, maps and arrays are not walked");
    }

    /** Whether a declared type can hold a DTO of the application (not a JDK type, an array, an enum or a primitive). */
    private static boolean isNestedType(Class<?> type) {
        return !type.isPrimitive() && !type.isArray() && !type.isEnum() && !isPlatformType(type);
    }

    private static boolean isPlatformType(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.");
    }

    private static void open(AccessibleObject member, Class<?> type) {
        try {
            member.setAccessible(true);
        } catch (InaccessibleObjectException | SecurityException e) {
            throw new IllegalStateException("cannot sanitize " + type.getName() + ": open its package "
                    + type.getPackageName() + " to Bulwark (module-info: opens ... to io.bulwark.core)", e);
        }
    }

    private interface Unreflection {
        MethodHandle get() throws IllegalAccessException;
    }

    private static MethodHandle unreflect(Unreflection unreflection, Class<?> type) {
        try {
            return unreflection.get();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot sanitize " + type.getName() + ": its members are not accessible", e);
        }
    }
}
