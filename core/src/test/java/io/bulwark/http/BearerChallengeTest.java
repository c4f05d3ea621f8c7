package io.bulwark.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    private final BearerChallenge challenge = BearerChallenge.of("orders");

    @Test
    void missingTokenCarriesRealmOnly() {
        assertEquals("Bearer realm=\"orders\"", challenge.missingToken());
    }

    @Test
    void insufficientScopeListsRequiredScopes() {
        assertEquals("Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\"The access token "
                + "lacks a required scope\", scope=\"orders:read orders:write\"",
                challenge.insufficientScope(List.of("orders:read", "orders:write")));
    }

    @Test
    void dropsCharactersThatWouldBreakTheQuotedString() {
        String value = challenge.invalidRequest("bad \"quote\" \\ and\r\nnewline");
        assertFalse(value.contains("\r"));
        assertFalse(value.contains("\\"));
        assertEquals("Bearer realm=\"orders\", error=\"invalid_request\", error_description=\"bad quote  andnewline\"", value);
    }

    @Test
    void refusesRealmNeedingEscapes() {
        assertThrows(IllegalArgumentException.class, () -> BearerChallenge.of("a\"b"));
        assertThrows(IllegalArgumentException.class, () -> BearerChallenge.of(""));
    }

    @Test
    void problemDetailsSerializeAsJsonWithExtensions() throws Exception {
        ProblemDetails problem = ProblemDetails.of(400, "The request is invalid")
                .with("errors", List.of(Map.of("field", "quantity", "message", "must be at most 1000")));

        Map<String, Object> json = JSONObjectUtils.parse(problem.toJson());

        assertEquals("about:blank", json.get("type"));
        assertEquals("Bad Request", json.get("title"));
        assertEquals(400L, json.get("status"));
        assertEquals("The request is invalid", json.get("detail"));
        assertEquals(List.of(Map.of("field", "quantity", "message", "must be at most 1000")), json.get("errors"));
    }

    @Test
    void problemDetailsRefuseReservedExtensionsAndNonErrorStatus() {
        assertThrows(IllegalArgumentException.class, () -> ProblemDetails.of(400, "x").with("status", 200));
        assertThrows(IllegalArgumentException.class, () -> ProblemDetails.of(200, "x"));
    }
}
