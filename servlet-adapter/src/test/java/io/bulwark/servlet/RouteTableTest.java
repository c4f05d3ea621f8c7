package io.bulwark.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bulwark.EndpointPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "/api/orders,        /api/orders,          true",
            "/api/orders,        /api/orders/,         false",
            "/api/orders,        /api/orders/1,        false",
            "/api/orders,        /api/Orders,          false",
            "/api/orders/*,      /api/orders,          true",
            "/api/orders/*,      /api/orders/1,        true",
            "/api/orders/*,      /api/orders/1/items,  true",
            "/api/orders/*,      /api/ordersX,         false",
            "/api/orders/*,      /api,                 false",
            "/api/*/items,       /api/1/items,         true",
            "/api/*/items,       /api/items,           false",
            "/api/*/items,       /api/1/2/items,       false",
            "/api/**/items,      /api/items,           true",
            "/api/**/items,      /api/1/items,         true",
            "/api/**/items,      /api/1/2/3/items,     true",
            "/api/**/items,      /api/1/2/3/items/x,   false",
            "/api/**/items/**,   /api/1/items/x/y,     true",
            "/**/admin/**,       /x/y/admin,           true",
            "/**/admin/**,       /admin,               true",
            "/**/admin/**,       /administrator,       false",
            "/**,                /,                    true",
            "/**,                /anything/at/all,     true",
            "/*,                 /,                    true",
            "/,                  /,                    true",
            "/,                  /a,                   false",
            "/a/**/b/**/c,       /a/x/b/y/b/z/c,       true",
            "/a/**/b/**/c,       /a/x/b/y/c/z,         false",
    })
    void matchesPatterns(String pattern, String path, boolean expected) {
        assertEquals(expected, RoutePattern.compile(pattern).matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "api", "/api//orders", "/api/*.json", "/api/v*", "/api/../admin", "/api/./x",
            "/api?x=1", "/api#x", "/api;x", "/a\\b"})
    void refusesMalformedPatterns(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> RoutePattern.compile(pattern));
    }

    @Test
    void exactBeatsEveryWildcard() {
        RouteTable table = table("* /api/**", "GET /api/orders/*", "* /api/orders");
        assertEquals("* /api/orders", table.match("GET", "/api/orders").toString());
    }

    @Test
    void longerLiteralPrefixWins() {
        RouteTable table = table("* /api/**", "* /api/orders/*", "* /api/orders/*/items");
        assertEquals("* /api/orders/*", table.match("GET", "/api/orders/7").toString());
        assertEquals("* /api/orders/*/items", table.match("GET", "/api/orders/7/items").toString());
        assertEquals("* /api/**", table.match("GET", "/api/customers").toString());
    }

    @Test
    void moreLiteralsThenFewerWildcardsWin() {
        // Same literal prefix (/api): more literal segments wins...
        RouteTable table = table("* /api/**", "* /api/*/items");
        assertEquals("* /api/*/items", table.match("GET", "/api/7/items").toString());
        // ...then fewer wildcards, then '*' over '**'.
        RouteTable fewer = table("* /api/*/*", "* /api/*");
        assertEquals("* /api/*", fewer.match("GET", "/api/7/8").toString());
        RouteTable single = table("* /api/**/x", "* /api/*/x");
        assertEquals("* /api/*/x", single.match("GET", "/api/7/x").toString());
    }

    @Test
    void methodRuleBeatsAnyMethodRuleOnlyAtEqualPathSpecificity() {
        RouteTable table = table("* /api/orders/*", "GET /api/orders/*", "POST /api/**");
        assertEquals("GET /api/orders/*", table.match("GET", "/api/orders/1").toString());
        assertEquals("* /api/orders/*", table.match("POST", "/api/orders/1").toString(),
                "the longer literal prefix beats the method-specific rule");
        assertEquals("POST /api/**", table.match("POST", "/api/customers").toString());
        assertNull(table.match("GET", "/api/customers"));
    }

    @Test
    void methodsAreCaseSensitive() {
        RouteTable table = table("GET /api/orders");
        assertNull(table.match("get", "/api/orders"));
        assertThrows(IllegalArgumentException.class,
                () -> BulwarkFilter.builder(ContractAppHolder.BULWARK).route("get", "/x", EndpointPolicy.permitAll()));
    }

    @Test
    void firstDeclaredWinsATie() {
        // Same literal prefix, literals, wildcards and '**' count: declaration order decides.
        RouteTable table = table("* /a/*/c/**", "* /a/*/**/d");
        assertEquals("* /a/*/c/**", table.match("GET", "/a/x/c/d").toString());
        RouteTable reversed = table("* /a/*/**/d", "* /a/*/c/**");
        assertEquals("* /a/*/**/d", reversed.match("GET", "/a/x/c/d").toString());
    }

    @Test
    void refusesTheSameRuleTwice() {
        assertThrows(IllegalArgumentException.class, () -> table("GET /a", "GET /a"));
        assertFalse(table("GET /a", "POST /a").isEmpty());
    }

    @Test
    void manyDoubleWildcardsStayLinearOnLongPaths() {
        RoutePattern pattern = RoutePattern.compile("/**/a/**/b/**/c/**/d");
        String path = "/x".repeat(4000) + "/e";
        long start = System.nanoTime();
        assertFalse(pattern.matches(path));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "no exponential backtracking");
        assertTrue(pattern.matches("/a/b/c/d"));
    }

    private static RouteTable table(String... rules) {
        List<RouteTable.Rule> list = new ArrayList<>();
        for (String rule : rules) {
            String[] parts = rule.split(" ");
            list.add(new RouteTable.Rule(parts[0].equals("*") ? null : parts[0], RoutePattern.compile(parts[1]),
                    EndpointPolicy.permitAll(), list.size()));
        }
        return RouteTable.of(list);
    }

    /** A Bulwark for builder checks. */
    static final class ContractAppHolder {
        static final io.bulwark.Bulwark BULWARK = new io.bulwark.contract.ContractApp().bulwark();
    }
}
