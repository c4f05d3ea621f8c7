package io.bulwark;

import java.util.List;
import java.util.Map;

/** The immutable request made by {@link SecurityRequest#builder(String, String)}. */
record SimpleSecurityRequest(String method, String path, Map<String, List<String>> headerValues,
        Map<String, List<String>> query, Map<String, List<String>> form, String remoteAddress, boolean secure)
        implements SecurityRequest {

    @Override
    public List<String> headers(String name) {
        return headerValues.getOrDefault(name, List.of());
    }

    @Override
    public List<String> queryParameters(String name) {
        return query.getOrDefault(name, List.of());
    }

    @Override
    public List<String> formParameters(String name) {
        return form.getOrDefault(name, List.of());
    }

    /** Shows the method and path only: headers may hold credentials. */
    @Override
    public String toString() {
        return "SecurityRequest[" + method + " " + path + "]";
    }
}
