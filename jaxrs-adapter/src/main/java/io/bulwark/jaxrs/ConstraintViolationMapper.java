package io.bulwark.jaxrs;

import io.bulwark.Bulwark;
import io.bulwark.validation.FieldViolation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Answers a failed Bean Validation of a request ({@code @Valid} entities, constrained parameters)
 * with the core's 400 problem listing {@code errors[]}, never the rejected values. Violations of a
 * resource method's return value are the server's fault, not the client's: those stay a 500
 * without a body, as Jakarta REST's own rule for them says (spec §7.6).
 */
final class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    private final Bulwark bulwark;

    ConstraintViolationMapper(Bulwark bulwark) {
        this.bulwark = bulwark;
    }

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        Set<ConstraintViolation<?>> violations = exception.getConstraintViolations();
        List<FieldViolation> fields = new ArrayList<>(violations == null ? 1 : violations.size());
        if (violations != null) {
            for (ConstraintViolation<?> violation : violations) {
                if (isReturnValue(violation.getPropertyPath())) {
                    return Response.serverError().build();
                }
                fields.add(clientView(violation));
            }
        }
        if (fields.isEmpty()) {
            fields.add(new FieldViolation("", FieldViolation.INVALID));
        }
        return Denials.toResponse(bulwark.invalidInput(fields));
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The violation as the client sees it: for a property of a method's parameter (a JSON entity,
     * a bean parameter) the field is the property's path in the body, {@code name} rather than
     * {@code create.arg0.name}; a violation of a plain parameter keeps the parameter's name.
     */
    static FieldViolation clientView(ConstraintViolation<?> violation) {
        FieldViolation field = FieldViolation.of(violation);
        Iterator<Path.Node> nodes = violation.getPropertyPath().iterator();
        if (!nodes.hasNext()) {
            return field;
        }
        ElementKind first = nodes.next().getKind();
        if ((first != ElementKind.METHOD && first != ElementKind.CONSTRUCTOR) || !nodes.hasNext()) {
            return field;
        }
        Path.Node parameter = nodes.next();
        if (parameter.getKind() != ElementKind.PARAMETER || !nodes.hasNext() || parameter.getName() == null) {
            return field;
        }
        String name = parameter.getName();
        String path = field.field();
        if (path.startsWith(name + ".")) {
            return new FieldViolation(path.substring(name.length() + 1), field.message());
        }
        if (path.startsWith(name + "[")) {
            return new FieldViolation(path.substring(name.length()), field.message());
        }
        return field;
    }
}
