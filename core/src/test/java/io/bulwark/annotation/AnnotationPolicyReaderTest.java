package io.bulwark.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.EndpointPolicy;
import io.bulwark.ratelimit.EndpointLimit;
import io.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
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

    @RateLimited(name = "per-ip")
    @RateLimited(name = "per-user")
    static class LimitedResource {
        public void inherited() {
        }

        @RateLimited(name = "per-user", cost = 10)
        @RateLimited(requests = 5, period = "PT1S", key = RateLimited.Key.SUBJECT)
        public void expensive() {
        }

        @Authenticated
        @RateLimited(name = "search", requests = 20, period = "PT1M", key = RateLimited.Key.API_KEY, apiKeyHeader = "X-Key")
        public void search() {
        }

        @RateLimited(requests = 5, period = "one minute")
        public void badPeriod() {
        }

        @RateLimited
        public void neitherNameNorRequests() {
        }
    }

    @Test
    void classLimitsApplyToEveryMethod() throws Exception {
        List<EndpointLimit> limits = AnnotationPolicyReader.readRateLimits(LimitedResource.class,
                LimitedResource.class.getMethod("inherited"));
        assertEquals(List.of(EndpointLimit.named("per-ip"), EndpointLimit.named("per-user")), limits);
    }

    @Test
    void methodLimitsComeAfterAndReplaceSameNamedClassLimits() throws Exception {
        List<EndpointLimit> limits = AnnotationPolicyReader.readRateLimits(LimitedResource.class,
                LimitedResource.class.getMethod("expensive"));
        assertEquals(3, limits.size());
        assertEquals(EndpointLimit.named("per-ip"), limits.get(0));
        assertEquals(EndpointLimit.named("per-user", 10), limits.get(1));
        assertEquals(OptionalLong.of(10), limits.get(1).cost());
        RateLimit inline = limits.get(2).inline().orElseThrow();
        assertEquals(5, inline.quotas().get(0).capacity());
        assertEquals(Duration.ofSeconds(1), inline.quotas().get(0).period());
        assertTrue(inline.key().needsPrincipal());
        assertTrue(inline.name().startsWith("endpoint-"), inline.name());
    }

    @Test
    void policyOfCombinesAccessAndLimits() throws Exception {
        EndpointPolicy policy = AnnotationPolicyReader.policyOf(LimitedResource.class,
                LimitedResource.class.getMethod("search"), EndpointPolicy.denyAll());
        assertEquals(EndpointPolicy.Access.AUTHENTICATED, policy.access());
        RateLimit search = policy.rateLimits().get(2).inline().orElseThrow();
        assertEquals("search", search.name());
        EndpointPolicy unannotated = AnnotationPolicyReader.policyOf(LimitedResource.class,
                LimitedResource.class.getMethod("inherited"), EndpointPolicy.denyAll());
        assertEquals(EndpointPolicy.Access.DENIED, unannotated.access(), "the default applies to access");
        assertEquals(2, unannotated.rateLimits().size());
    }

    @Test
    void failsAtDeploymentOnInvalidRateLimits() {
        IllegalStateException period = assertThrows(IllegalStateException.class, () -> AnnotationPolicyReader
                .readRateLimits(LimitedResource.class, LimitedResource.class.getMethod("badPeriod")));
        assertTrue(period.getMessage().contains("badPeriod"), period.getMessage());
        assertThrows(IllegalStateException.class, () -> AnnotationPolicyReader
                .readRateLimits(LimitedResource.class, LimitedResource.class.getMethod("neitherNameNorRequests")));
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
