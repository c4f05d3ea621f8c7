package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'',                 /",
            "/,                  /",
            "/api/orders,        /api/orders",
            "/api/../admin,      /admin",
            "/api/./admin,       /api/admin",
            "//admin,            /admin",
            "/api//admin/,       /api/admin/",
            "/../../etc/passwd,  /etc/passwd",
            "/admin/.,           /admin/",
            "/admin/..,          /",
            "'/api\\..\\admin',  /admin",
            "admin,              /admin",
            "/a/.hidden/..x,     /a/.hidden/..x",
    })
    void normalizesLikeAUriPath(String raw, String expected) {
        assertEquals(expected, RequestPaths.normalize(raw));
    }

    @Test
    void leavesACleanPathAlone() {
        String path = "/api/orders/42";
        assertSame(path, RequestPaths.normalize(path));
    }

    @Test
    void parsesQueryParametersWithoutTheContainer() {
        assertEquals(List.of("a b", "c"), ServletSecurityRequest.QueryStrings.values("x=1&access_token=a+b&access_token=c", "access_token"));
        assertEquals(List.of("t"), ServletSecurityRequest.QueryStrings.values("access%5Ftoken=t", "access_token"));
        assertEquals(List.of(""), ServletSecurityRequest.QueryStrings.values("access_token", "access_token"));
        assertEquals(List.of(), ServletSecurityRequest.QueryStrings.values("access_tokens=1&x", "access_token"));
        assertEquals(List.of(), ServletSecurityRequest.QueryStrings.values(null, "access_token"));
        assertEquals(List.of("%zz"), ServletSecurityRequest.QueryStrings.values("access_token=%zz", "access_token"));
    }
}
