package io.bulwark.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.EndpointPolicy;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnotationPolicyReaderTest {

    static class Unannotated {
        public void get() {
        }
    }

    @RolesAllowed("admin")
    static class AdminResource {
        public void inherited() {
        }

        @PermitAll
        public void open() {
        }

        @Authenticated
        public void anyUser() {
        }

        @RolesAllowed({"auditor", "admin"})
        public void audit() {
        }

        @DenyAll
        public void closed() {
        }

        @RequiresScopes("orders:read")
        public void scoped() {
        }
    }

    @RequiresScopes({"orders:read", "orders:write"})
    static class ScopedResource {
        public void inherited() {
        }

        @RequiresScopes("orders:read")
        public void narrower() {
        }

        @PermitAll
        public void open() {
        }

        @RolesAllowed("admin")
        public void adminWithClassScopes() {
        }
    }

    @PermitAll
    static class PublicResource {
        public void open() {
        }

        @RequiresScopes("orders:write")
        public void write() {
        }
    }

    static class Conflicts {
        @PermitAll
        @RolesAllowed("admin")
        public void permitAndRoles() {
        }

        @DenyAll
        @RequiresScopes("x")
        public void denyAndScopes() {
        }

        @RolesAllowed({})
        public void emptyRoles() {
        }

        @RequiresScopes({})
        public void emptyScopes() {
        }
    }

    private static Optional<EndpointPolicy> read(Class<?> type, String method) throws NoSuchMethodException {
        Method m = type.getMethod(method);
        return AnnotationPolicyReader.read(type, m);
    }

    @Test
    void unannotatedEndpointHasNoPolicySoTheDefaultApplies() throws Exception {
        assertTrue(read(Unannotated.class, "get").isEmpty());
    }

    @Test
    void classRolesApplyToUnannotatedMethod() throws Exception {
        EndpointPolicy policy = read(AdminResource.class, "inherited").orElseThrow();
        assertEquals(EndpointPolicy.Access.AUTHENTICATED, policy.access());
        assertEquals(Set.of("admin"), policy.rolesAllowed());
    }

    @Test
    void methodPermitAllOverridesClassRoles() throws Exception {
        assertEquals(EndpointPolicy.permitAll(), read(AdminResource.class, "open").orElseThrow());
    }

    @Test
    void methodAuthenticatedOverridesClassRoles() throws Exception {
        assertEquals(EndpointPolicy.authenticated(), read(AdminResource.class, "anyUser").orElseThrow());
    }

    @Test
    void methodRolesReplaceClassRoles() throws Exception {
        assertEquals(Set.of("auditor", "admin"), read(AdminResource.class, "audit").orElseThrow().rolesAllowed());
    }

    @Test
    void methodDenyAllDeniesEveryone() throws Exception {
        assertEquals(EndpointPolicy.denyAll(), read(AdminResource.class, "closed").orElseThrow());
    }

    @Test
    void methodScopesCombineWithClassRoles() throws Exception {
        EndpointPolicy policy = read(AdminResource.class, "scoped").orElseThrow();
        assertEquals(Set.of("orders:read"), policy.requiredScopes());
        assertEquals(Set.of("admin"), policy.rolesAllowed());
    }

    @Test
    void classScopesApplyToUnannotatedMethod() throws Exception {
        assertEquals(Set.of("orders:read", "orders:write"), read(ScopedResource.class, "inherited").orElseThrow().requiredScopes());
    }

    @Test
    void methodScopesReplaceClassScopes() throws Exception {
        assertEquals(Set.of("orders:read"), read(ScopedResource.class, "narrower").orElseThrow().requiredScopes());
    }

    @Test
    void methodPermitAllDropsClassScopes() throws Exception {
        assertEquals(EndpointPolicy.permitAll(), read(ScopedResource.class, "open").orElseThrow());
    }

    @Test
    void methodRolesKeepClassScopes() throws Exception {
        EndpointPolicy policy = read(ScopedResource.class, "adminWithClassScopes").orElseThrow();
        assertEquals(Set.of("orders:read", "orders:write"), policy.requiredScopes());
        assertEquals(Set.of("admin"), policy.rolesAllowed());
    }

    @Test
    void classPermitAllAppliesAndMethodScopesRequireAuthentication() throws Exception {
        assertEquals(EndpointPolicy.permitAll(), read(PublicResource.class, "open").orElseThrow());
        EndpointPolicy write = read(PublicResource.class, "write").orElseThrow();
        assertEquals(EndpointPolicy.Access.AUTHENTICATED, write.access());
        assertEquals(Set.of("orders:write"), write.requiredScopes());
    }

    @Test
    void failsAtDeploymentOnPermitAllWithRolesAllowed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(Conflicts.class, "permitAndRoles"));
        assertTrue(e.getMessage().contains("permitAndRoles"), e.getMessage());
        assertTrue(e.getMessage().contains("@PermitAll"), e.getMessage());
    }

    @Test
    void failsAtDeploymentOnDenyAllWithScopes() {
        assertThrows(IllegalStateException.class, () -> read(Conflicts.class, "denyAndScopes"));
    }

    @Test
    void failsAtDeploymentOnEmptyRolesOrScopes() {
        assertThrows(IllegalStateException.class, () -> read(Conflicts.class, "emptyRoles"));
        assertThrows(IllegalStateException.class, () -> read(Conflicts.class, "emptyScopes"));
    }
}
