package io.bulwark.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.contract.ContractApp;
import io.bulwark.token.VerifiedToken;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulwarkPrincipalTest {

    private final ContractApp app = new ContractApp();

    private VerifiedToken token() throws Exception {
        return app.bulwark().tokenVerifier().verify(app.token("alice", List.of("a"), List.of("auditor")));
    }

    @Test
    void securityContextOfAVerifiedTokenReportsItsRolesAndBearer() throws Exception {
        VerifiedToken token = token();
        SecurityContext security = new BulwarkSecurityContext(token, true);
        assertSame(token, security.getUserPrincipal());
        assertTrue(security.isUserInRole("auditor"));
        assertEquals(false, security.isUserInRole("admin"));
        assertEquals(false, security.isUserInRole(null));
        assertTrue(security.isSecure());
        assertEquals("Bearer", security.getAuthenticationScheme());
        assertSame(token, BulwarkPrincipal.require(security));
        assertSame(token, BulwarkPrincipal.of(security).orElseThrow());
    }

    @Test
    void anotherPrincipalIsNotAToken() {
        Principal someone = () -> "someone";
        SecurityContext container = new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return someone;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return BASIC_AUTH;
            }
        };
        assertTrue(BulwarkPrincipal.of(container).isEmpty());
        assertThrows(IllegalStateException.class, () -> BulwarkPrincipal.require(container));
    }
}
