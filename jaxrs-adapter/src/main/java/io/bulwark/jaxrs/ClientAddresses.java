package io.bulwark.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured {@link RemoteAddressProvider}, with the fallback and its one warning. */
final class ClientAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkFeature.class);

    private final RemoteAddressProvider provider;
    private final AtomicBoolean warned = new AtomicBoolean();

    ClientAddresses(RemoteAddressProvider provider) {
        this.provider = provider;
    }

    String of(ContainerRequestContext request) {
        String address = provider.remoteAddress(request);
        if (address != null && !address.isEmpty()) {
            return address;
        }
        if (!warned.get() && warned.compareAndSet(false, true)) {
            LOG.atWarn().addKeyValue("provider", provider.getClass().getName())
                    .log("Bulwark cannot see the client's address; forwarding headers are ignored and limits keyed "
                            + "by address are shared. Give BulwarkFeature a RemoteAddressProvider (see its Javadoc).");
        }
        return RemoteAddressProvider.UNKNOWN;
    }
}
