package io.bulwark.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.EndpointPolicy;
import io.bulwark.contract.ContractApp;
import io.bulwark.jaxrs.app.ContractResource;
import io.bulwark.jaxrs.app.InputResource;
import io.bulwark.jaxrs.app.LocatorResource;
import io.bulwark.ratelimit.EndpointLimit;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulwarkFeatureTest {

    private final ContractApp app = new ContractApp();

    interface AnnotatedApi {
        @GET
        @Path("{id}")
        String get(String id);
    }

    static class Implementation implements AnnotatedApi {
        @Override
        public String get(String id) {
            return id;
        }
    }

    static class Parameters {
        public String mixed(@QueryParam("q") String q, @Context SecurityContext security, InputResource.NewItem item) {
            return q;
        }

        public void injectedOnly(@QueryParam("q") String q, @Suspended AsyncResponse response) {
        }
    }

    @Test
    void routeJoinsTheClassAndMethodPaths() throws Exception {
        assertEquals("GET /contract/orders",
                BulwarkFeature.routeOf("GET", ContractResource.class, ContractResource.class.getMethod("orders")));
        assertEquals("POST /contract/echo", BulwarkFeature.routeOf("POST", ContractResource.class,
                ContractResource.class.getMethod("echo", java.io.InputStream.class)));
    }

    @Test
    void routeOfASubResourceNamesItsClass() throws Exception {
        assertEquals("GET Items:/public", BulwarkFeature.routeOf("GET", LocatorResource.Items.class,
                LocatorResource.Items.class.getMethod("publicItem")));
        assertEquals("GET Items:/", BulwarkFeature.routeOf("GET", LocatorResource.Items.class,
                LocatorResource.Items.class.getMethod("list")));
    }

    @Test
    void httpMethodIsFoundOnTheInterfaceThatDeclaresIt() throws Exception {
        assertEquals("GET", BulwarkFeature.httpMethodOf(Implementation.class, Implementation.class.getMethod("get", String.class)));
    }

    @Test
    void subResourceLocatorHasNoHttpMethod() throws Exception {
        assertNull(BulwarkFeature.httpMethodOf(LocatorResource.class, LocatorResource.class.getMethod("items")));
    }

    @Test
    void entityParameterIsTheOneWithoutJakartaRestAnnotations() throws Exception {
        assertSame(InputResource.NewItem.class, BulwarkFeature.entityTypeOf(Parameters.class.getMethod("mixed",
                String.class, SecurityContext.class, InputResource.NewItem.class)));
        assertNull(BulwarkFeature.entityTypeOf(Parameters.class.getMethod("injectedOnly", String.class, AsyncResponse.class)));
    }

    @Test
    void defaultPolicyIsAuthenticatedUnlessConfigured() {
        assertSame(EndpointPolicy.authenticated(), new BulwarkFeature(app.bulwark()).defaultPolicy());
        assertSame(EndpointPolicy.denyAll(),
                BulwarkFeature.builder(app.bulwark()).defaultPolicy(EndpointPolicy.denyAll()).build().defaultPolicy());
    }

    @Test
    void defaultPolicyNamingAnUnknownLimitFailsAtBuild() {
        EndpointPolicy unknown = EndpointPolicy.permitAll().withRateLimits(List.of(EndpointLimit.named("nope")));
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> BulwarkFeature.builder(app.bulwark()).defaultPolicy(unknown).build());
        assertTrue(failure.getMessage().contains("nope"), failure.getMessage());
    }
}
