package io.bulwark.servlet;

import io.bulwark.contract.ContractApp;
import io.bulwark.contract.HttpContractSuite;
import java.net.URI;

/**
 * The shared HTTP contract on embedded Jetty 12 (EE 10), with a container-instantiated
 * {@link BulwarkFilter} that finds the app's Bulwark in the servlet context and the policies in the
 * servlets' annotations.
 */
class JettyContractIT extends HttpContractSuite {

    private ServletContainer.RunningServer server;

    @Override
    protected URI start(ContractApp app) throws Exception {
        server = ServletContainer.JETTY.start(ContractServlets.register(new WebApp()).containerFilter(app.bulwark()));
        return server.base();
    }

    @Override
    protected void stop() throws Exception {
        server.close();
    }
}
