package io.bulwark.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteAddressProviderTest {

    /** A request whose only working method is getProperty. */
    static ContainerRequestContext requestWith(Map<String, Object> properties) {
        return (ContainerRequestContext) Proxy.newProxyInstance(RemoteAddressProviderTest.class.getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void readsALiteralFromTheDefaultProperty() {
        assertEquals("203.0.113.9", RemoteAddressProvider.fromProperty()
                .remoteAddress(requestWith(Map.of(RemoteAddressProvider.PROPERTY, "203.0.113.9"))));
    }

    @Test
    void readsSocketAndInetAddresses() throws Exception {
        InetAddress address = InetAddress.getByName("2001:db8::7");
        assertEquals(address.getHostAddress(), RemoteAddressProvider.fromProperty("peer")
                .remoteAddress(requestWith(Map.of("peer", new InetSocketAddress(address, 4711)))));
        assertEquals("192.0.2.1", RemoteAddressProvider.fromProperty("peer")
                .remoteAddress(requestWith(Map.of("peer", InetAddress.getByName("192.0.2.1")))));
    }

    @Test
    void answersNothingForAnAbsentOrUnusableProperty() {
        assertNull(RemoteAddressProvider.fromProperty().remoteAddress(requestWith(Map.of())));
        assertNull(RemoteAddressProvider.fromProperty().remoteAddress(
                requestWith(Map.of(RemoteAddressProvider.PROPERTY, 42))));
        assertNull(RemoteAddressProvider.fromProperty().remoteAddress(
                requestWith(Map.of(RemoteAddressProvider.PROPERTY, ""))));
    }

    @Test
    void unknownPeerFallsBackToTheUnspecifiedAddressAndNeverAHeader() {
        ClientAddresses addresses = new ClientAddresses(RemoteAddressProvider.fromProperty());
        assertEquals(RemoteAddressProvider.UNKNOWN, addresses.of(requestWith(Map.of("X-Forwarded-For", "198.51.100.1"))));
        assertEquals(RemoteAddressProvider.UNKNOWN, addresses.of(requestWith(Map.of())));
    }
}
