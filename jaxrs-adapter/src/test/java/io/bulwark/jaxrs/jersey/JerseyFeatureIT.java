package io.bulwark.jaxrs.jersey;

import io.bulwark.jaxrs.BulwarkFeature;
import io.bulwark.jaxrs.app.FeatureSuite;
import java.net.URI;
import java.util.Set;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * BulwarkFeature on Jersey 3.1 over Grizzly, with Jersey's own {@code @RolesAllowed} handling
 * ({@link RolesAllowedDynamicFeature}) registered too: it must agree with Bulwark's through the
 * replaced security context. JSON and Bean Validation come from Jersey's auto-discovered Jackson and
 * bean-validation modules.
 */
class JerseyFeatureIT extends FeatureSuite {

    private final JerseyServers servers = new JerseyServers();

    @Override
    protected URI start(BulwarkFeature feature, Set<Class<?>> resources) throws Exception {
        ResourceConfig config = new ResourceConfig().register(feature).register(RolesAllowedDynamicFeature.class);
        resources.forEach(config::register);
        return servers.start(config);
    }

    @Override
    protected void stopAll() throws Exception {
        servers.stopAll();
    }

    @Override
    protected BulwarkFeature.Builder feature(BulwarkFeature.Builder builder) {
        return builder; // the default RemoteAddressProvider reads the attribute JerseyServers sets
    }
}
