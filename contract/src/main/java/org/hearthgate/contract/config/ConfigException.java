package org.hearthgate.contract.config;

import com.fasterxml.jackson.databind.JsonMappingException;

/** A configuration value that cannot be used, with its key (a dotted path) and the reason. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigException(String key, String reason) {
        super(key + ": " + reason, null, false, false);
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
