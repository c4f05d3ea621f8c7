package io.bulwark.jaxrs.resteasy;

import io.bulwark.contract.ContractApp;
import io.bulwark.contract.HttpContractSuite;
import io.bulwark.jaxrs.BulwarkFeature;
import io.bulwark.jaxrs.app.ContractResource;
import java.net.URI;
import java.util.Set;

/** The shared HTTP contract on RESTEasy 6.2 over Undertow, wired by annotations and one registration. */
class ResteasyContractIT extends HttpContractSuite {

    private final ResteasyServers servers = new ResteasyServers();

    @Override
    protected URI start(ContractApp app) throws Exception {
        return servers.start(Set.of(BulwarkFeature.builder(app.bulwark()).remoteAddress(ResteasyServers.REMOTE_ADDRESS).build()),
                Set.of(ContractResource.class));
    }

    @Override
    protected void stop() {
        servers.stopAll();
    }
}
