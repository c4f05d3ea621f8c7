package io.bulwark;

import java.util.List;
import java.util.Map;

/** The immutable request made by {@link SecurityRequest#builder(String, String)}. */
record SimpleSecurityRequest(String method, String path, Map<String, List<String>> headerValues,
        Map<String, List<String>> queryValues, Map<String, List<String>> form, String remoteAddress, boolean secure)
        implements SecurityRequest {

    @Override
    public List<String> headers(String name) {
        return headerValues.getOrDefault(name, List.of());
    }

    @Override
    public List<String> queryParameters(String name) {
        return queryValues.getOrDefault(name, List.of());
    }

    /** The query parameters, form-encoded in name order. */
    @Override
    public java.util.Optional<String> query() {
        if (queryValues.isEmpty()) {
            return java.util.Optional.empty();
        }
        StringBuilder raw = new StringBuilder();
        queryValues.forEach((name, values) -> {
            for (String value : values) {
                if (raw.length() > 0) {
                    raw.append('&');
                }
                raw.append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return java.util.Optional.of(raw.toString());
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
