package io.bulwark.jaxrs.jersey;

import io.bulwark.contract.ContractApp;
import io.bulwark.contract.HttpContractSuite;
import io.bulwark.jaxrs.BulwarkFeature;
import io.bulwark.jaxrs.app.ContractResource;
import java.net.URI;
import org.glassfish.jersey.server.ResourceConfig;

/** The shared HTTP contract on Jersey 3.1 over Grizzly, wired by annotations and one registration. */
class JerseyContractIT extends HttpContractSuite {

    private final JerseyServers servers = new JerseyServers();

    @Override
    protected URI start(ContractApp app) throws Exception {
        return servers.start(new ResourceConfig()
                .register(new BulwarkFeature(app.bulwark()))
                .register(ContractResource.class));
    }

    @Override
    protected void stop() throws Exception {
        servers.stopAll();
    }
}
