package io.bulwark.jaxrs.resteasy;

import io.bulwark.jaxrs.BulwarkFeature;
import io.bulwark.jaxrs.app.FeatureSuite;
import java.net.URI;
import java.util.Set;

/**
 * BulwarkFeature on RESTEasy 6.2 over Undertow, with RESTEasy's role-based security on too. JSON and
 * Bean Validation come from resteasy-jackson2-provider and resteasy-validator-provider.
 */
class ResteasyFeatureIT extends FeatureSuite {

    private final ResteasyServers servers = new ResteasyServers();

    @Override
    protected URI start(BulwarkFeature feature, Set<Class<?>> resources) throws Exception {
        return servers.start(Set.of(feature), resources);
    }

    @Override
    protected void stopAll() {
        servers.stopAll();
    }

    @Override
    protected BulwarkFeature.Builder feature(BulwarkFeature.Builder builder) {
        return builder.remoteAddress(ResteasyServers.REMOTE_ADDRESS);
    }
}
