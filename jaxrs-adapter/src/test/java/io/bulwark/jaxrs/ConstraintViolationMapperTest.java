package io.bulwark.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.contract.ContractApp;
import io.bulwark.http.ProblemDetails;
import io.bulwark.jaxrs.app.InputResource;
import io.bulwark.validation.FieldViolation;
import io.bulwark.validation.InputValidator;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConstraintViolationMapperTest {

    private final Validator validator = InputValidator.builder().build().validator();
    private final ConstraintViolationMapper mapper = new ConstraintViolationMapper(new ContractApp().bulwark());

    static class Broken {
        @NotNull
        public String answer() {
            return null;
        }
    }

    @Test
    void entityPropertiesAreNamedAsInTheBody() throws Exception {
        InputResource resource = new InputResource();
        Method create = InputResource.class.getMethod("create", InputResource.NewItem.class);
        Set<ConstraintViolation<InputResource>> violations = validator.forExecutables()
                .validateParameters(resource, create, new Object[] {new InputResource.NewItem("much-too-long", 1)});
        List<FieldViolation> fields = violations.stream().map(ConstraintViolationMapper::clientView).toList();
        assertEquals(List.of("name"), fields.stream().map(FieldViolation::field).toList());
    }

    @Test
    void plainParametersKeepTheirName() throws Exception {
        Method search = InputResource.class.getMethod("search", String.class);
        Set<ConstraintViolation<InputResource>> violations = validator.forExecutables()
                .validateParameters(new InputResource(), search, new Object[] {"too-long"});
        FieldViolation field = ConstraintViolationMapper.clientView(violations.iterator().next());
        assertFalse(field.field().isEmpty());
        assertFalse(field.field().contains("search"), field.field());
    }

    @Test
    void violationsAnswer400WithErrorsAndNoValue() throws Exception {
        Set<ConstraintViolation<InputResource.NewItem>> violations =
                validator.validate(new InputResource.NewItem("secret-too-long", 0));
        Response response = mapper.toResponse(new ConstraintViolationException(violations));
        assertEquals(400, response.getStatus());
        assertEquals(ProblemDetails.MEDIA_TYPE, response.getMediaType().toString());
        String body = (String) response.getEntity();
        assertTrue(body.contains("\"errors\""), body);
        assertFalse(body.contains("secret-too-long"), body);
    }

    @Test
    void anExceptionWithoutViolationsIsStill400() {
        Response response = mapper.toResponse(new ConstraintViolationException("no details", Set.of()));
        assertEquals(400, response.getStatus());
    }

    @Test
    void returnValueViolationsAreTheServersFault() throws Exception {
        Method answer = Broken.class.getMethod("answer");
        Set<ConstraintViolation<Broken>> violations = validator.forExecutables()
                .validateReturnValue(new Broken(), answer, null);
        Response response = mapper.toResponse(new ConstraintViolationException(violations));
        assertEquals(500, response.getStatus());
        assertFalse(response.hasEntity());
    }
}
