package io.bulwark.servlet;

import io.bulwark.contract.ContractApp;
import io.bulwark.contract.HttpContractSuite;
import java.net.URI;

/**
 * The shared HTTP contract on embedded Tomcat, with a {@link BulwarkFilter} built programmatically
 * and registered as an instance; the policies come from the servlets' annotations.
 */
class TomcatContractIT extends HttpContractSuite {

    private ServletContainer.RunningServer server;

    @Override
    protected URI start(ContractApp app) throws Exception {
        server = ServletContainer.TOMCAT.start(ContractServlets.register(new WebApp())
                .filter(BulwarkFilter.builder(app.bulwark()).denyByDefault().build()));
        return server.base();
    }

    @Override
    protected void stop() throws Exception {
        server.close();
    }
}
