package org.hearthgate.relay.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.notify.Channel;

/**
 * Reads and writes escalation policies as YAML or JSON (JSON is YAML too). A bad document fails with an
 * {@link IllegalArgumentException} whose message starts with the path of the field ({@code
 * policies.emergency.steps[2].wait: ...}).
 *
 * <pre>
 * zone: Europe/London
 * policies:
 *   emergency:
 *     steps:
 *       - notify: RESPONDER          # a circle role: RESPONDER, ON_CALL, CLINICIAN, FAMILY, NEIGHBOUR,
 *         via: [CONSOLE]             #   SERVICE_MANAGER; or contact:&lt;id&gt;; or webhook:&lt;https url&gt;
 *       - wait: 60                   # seconds, or 90s / 3m / 1h
 *       - notify: ON_CALL
 *         via: [SMS, EMAIL]
 *       - only-between: 09:00-17:00  # pauses the chain until the window opens
 *     repeat: 2                      # run the chain up to 2 more times while unacknowledged
 *     final: { notify: SERVICE_MANAGER, via: [SMS, EMAIL] }
 * priorities: { CRITICAL: emergency, HIGH: emergency, MEDIUM: emergency, LOW: advisory, INFO: advisory }
 * residents:                         # per-resident overrides, by pseudonymous resident id
 *   r-42: { CRITICAL: emergency-r42 }
 * </pre>
 */
public final class PolicyFormat {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smh]?)");
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,2}:\\d{2})\\s*[-–]\\s*(\\d{1,2}:\\d{2})");

    private PolicyFormat() {
    }

    /** Parses and validates a whole policy set. */
    public static PolicySet parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("policy document: not valid YAML or JSON: "
                    + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("policy document: must be a mapping");
        }
        known(root, "", "zone", "policies", "priorities", "residents");
        ZoneId zone = PolicySet.DEFAULT_ZONE;
        if (root.has("zone")) {
            try {
                zone = ZoneId.of(root.get("zone").asText());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("zone: '" + root.get("zone").asText() + "' is not a time zone");
            }
        }
        JsonNode policiesNode = object(root, "policies", "policies");
        Map<String, EscalationPolicy> policies = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = policiesNode.fields(); it.hasNext();) {
            var e = it.next();
            policies.put(e.getKey(), policy(e.getKey(), e.getValue(), "policies." + e.getKey()));
        }
        Map<Priority, String> byPriority = choices(object(root, "priorities", "priorities"), "priorities");
        Map<String, Map<Priority, String>> residents = new LinkedHashMap<>();
        if (root.has("residents")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object(root, "residents", "residents").fields();
                    it.hasNext();) {
                var e = it.next();
                residents.put(e.getKey(), choices(e.getValue(), "residents." + e.getKey()));
            }
        }
        return new PolicySet(zone, policies, byPriority, residents);
    }

    /** Parses one policy as {@link #toJson} wrote it. */
    public static EscalationPolicy parsePolicy(String name, String json) {
        try {
            return policy(name, JSON.readTree(json), "policies." + name);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("policies." + name + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    public static String toJson(EscalationPolicy policy) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        ArrayNode steps = o.putArray("steps");
        for (Step s : policy.steps()) {
            switch (s) {
                case Step.Notify n -> steps.add(notifyNode(n));
                case Step.Wait w -> steps.add(f.objectNode().put("wait", w.duration().toSeconds()));
                case Step.OnlyBetween b -> steps.add(f.objectNode().put("only-between", b.from() + "-" + b.to()));
            }
        }
        o.put("repeat", policy.repeat());
        o.set("final", notifyNode(policy.finalStep()));
        return o.toString();
    }

    /**
     * The tenant's default as an admin edits it: zone, policies (by name) and priorities, without the per-resident
     * choices ({@link #choicesYaml}); {@link #parse} reads it back to the same set.
     */
    public static String defaultsYaml(PolicySet set) {
        StringBuilder y = new StringBuilder("zone: ").append(scalar(set.zone().getId())).append('\n');
        y.append("policies:\n");
        for (EscalationPolicy p : set.policies().values().stream()
                .sorted(java.util.Comparator.comparing(EscalationPolicy::name)).toList()) {
            y.append("  ").append(scalar(p.name())).append(":\n    steps:\n");
            for (Step s : p.steps()) {
                y.append("      - ");
                switch (s) {
                    case Step.Notify n -> y.append("notify: ").append(scalar(n.target().toString()))
                            .append("\n        via: ").append(channels(n));
                    case Step.Wait w -> y.append("wait: ").append(duration(w.duration()));
                    case Step.OnlyBetween b -> y.append("only-between: ").append(b.from()).append('-').append(b.to());
                }
                y.append('\n');
            }
            y.append("    repeat: ").append(p.repeat()).append('\n');
            y.append("    final: {notify: ").append(scalar(p.finalStep().target().toString())).append(", via: ")
                    .append(channels(p.finalStep())).append("}\n");
        }
        y.append("priorities:\n").append(choicesYaml(set.byPriority(), "  "));
        return y.toString();
    }

    /** Priority-to-policy choices, one a line, most urgent first. */
    public static String choicesYaml(Map<Priority, String> choices, String indent) {
        StringBuilder y = new StringBuilder();
        for (Priority p : Priority.values()) {
            if (choices.containsKey(p)) {
                y.append(indent).append(p.name()).append(": ").append(scalar(choices.get(p))).append('\n');
            }
        }
        return y.toString();
    }

    /**
     * A resident's choices as an admin writes them ({@code CRITICAL: emergency-r42}, one a line); errors name the
     * field under {@code at} ({@code residents.r-42.CRITICAL}). Blank: no choices.
     */
    public static Map<Priority, String> parseChoices(String text, String at) {
        JsonNode root;
        try {
            root = text == null || text.isBlank() ? null : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(at + ": not valid YAML or JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return Map.of();
        }
        Map<Priority, String> out = choices(root, at);
        for (var e : out.entrySet()) {
            if (e.getValue() == null || e.getValue().isBlank() || "null".equals(e.getValue())) {
                throw new IllegalArgumentException(at + "." + e.getKey() + ": needs a policy name");
            }
        }
        return out;
    }

    /** A policy in a line of words, for a list: "RESPONDER by CONSOLE; wait 1m; ...; repeat 2; finally ...". */
    public static String summary(EscalationPolicy p) {
        List<String> parts = new ArrayList<>();
        for (Step s : p.steps()) {
            parts.add(switch (s) {
                case Step.Notify n -> n.target() + " by " + String.join(", ", n.channels().stream().map(Enum::name)
                        .toList());
                case Step.Wait w -> "wait " + duration(w.duration());
                case Step.OnlyBetween b -> "only between " + b.from() + " and " + b.to();
            });
        }
        if (p.repeat() > 0) {
            parts.add("repeat " + p.repeat() + (p.repeat() == 1 ? " time" : " times"));
        }
        parts.add("finally " + p.finalStep().target() + " by " + String.join(", ", p.finalStep().channels().stream()
                .map(Enum::name).toList()));
        return String.join("; ", parts);
    }

    private static String channels(Step.Notify n) {
        return n.channels().stream().map(Enum::name).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String duration(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_/+-]*");
    private static final List<String> YAML_WORDS = List.of("y", "n", "yes", "no", "true", "false", "on", "off",
            "null");

    /** A YAML scalar: plain when it cannot be read as anything else, else double-quoted (JSON's quoting is YAML's). */
    private static String scalar(String text) {
        if (PLAIN.matcher(text).matches() && !YAML_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
            return text;
        }
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode notifyNode(Step.Notify n) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("notify", n.target().toString());
        ArrayNode via = o.putArray("via");
        n.channels().forEach(c -> via.add(c.name()));
        return o;
    }

    private static EscalationPolicy policy(String name, JsonNode node, String at) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": must be a mapping with steps, repeat and final");
        }
        known(node, at + ".", "steps", "repeat", "final");
        JsonNode stepsNode = node.get("steps");
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
            throw new IllegalArgumentException(at + ".steps: is required (a list of steps)");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < stepsNode.size(); i++) {
            steps.add(step(stepsNode.get(i), at + ".steps[" + i + "]"));
        }
        int repeat = 0;
        if (node.has("repeat")) {
            JsonNode r = node.get("repeat");
            if (!r.canConvertToInt() || !r.isIntegralNumber()) {
                throw new IllegalArgumentException(at + ".repeat: must be a whole number");
            }
            repeat = r.intValue();
        }
        if (!node.has("final")) {
            throw new IllegalArgumentException(at + ".final: is required (the step no alarm may end without)");
        }
        if (!(step(node.get("final"), at + ".final") instanceof Step.Notify finalStep)) {
            throw new IllegalArgumentException(at + ".final: must be a notify step");
        }
        try {
            return new EscalationPolicy(name, steps, repeat, finalStep);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + "." + e.getMessage(), e);
        }
    }

    private static Step step(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(at + ": must be a mapping (notify, wait or only-between)");
        }
        if (node.has("notify")) {
            known(node, at + ".", "notify", "via");
            Target target = target(node.get("notify").asText(), at + ".notify");
            JsonNode via = node.get("via");
            if (via == null || !via.isArray() || via.isEmpty()) {
                throw new IllegalArgumentException(at + ".via: is required (a list of channels: "
                        + List.of(Channel.values()) + ")");
            }
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < via.size(); i++) {
                channels.add(enumValue(Channel.class, via.get(i).asText(), at + ".via[" + i + "]"));
            }
            if (target instanceof Target.Webhook && !channels.equals(List.of(Channel.WEBHOOK))) {
                throw new IllegalArgumentException(at + ".via: a webhook target goes via [WEBHOOK] only");
            }
            return new Step.Notify(target, channels);
        }
        if (node.has("wait")) {
            known(node, at + ".", "wait");
            return new Step.Wait(duration(node.get("wait"), at + ".wait"));
        }
        if (node.has("only-between")) {
            known(node, at + ".", "only-between");
            Matcher m = WINDOW.matcher(node.get("only-between").asText().trim());
            try {
                if (m.matches()) {
                    return new Step.OnlyBetween(LocalTime.parse(pad(m.group(1))), LocalTime.parse(pad(m.group(2))));
                }
            } catch (DateTimeParseException | IllegalArgumentException e) {
                // reported below
            }
            throw new IllegalArgumentException(at + ".only-between: '" + node.get("only-between").asText()
                    + "' is not a window like 09:00-17:00");
        }
        throw new IllegalArgumentException(at + ": must have notify, wait or only-between");
    }

    private static String pad(String hhmm) {
        return hhmm.length() == 4 ? "0" + hhmm : hhmm;
    }

    private static Target target(String text, String at) {
        if (text.startsWith("contact:") && text.length() > "contact:".length()) {
            return new Target.Contact(text.substring("contact:".length()));
        }
        if (text.startsWith("webhook:")) {
            String url = text.substring("webhook:".length());
            if (!url.startsWith("https://") && !url.startsWith("http://")) {
                throw new IllegalArgumentException(at + ": a webhook needs an http(s) URL, was '" + url + "'");
            }
            return new Target.Webhook(url);
        }
        try {
            return new Target.Role(CircleRole.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": '" + text + "' is not one of " + List.of(CircleRole.values())
                    + ", contact:<id> or webhook:<url>");
        }
    }

    private static Duration duration(JsonNode node, String at) {
        Matcher m = DURATION.matcher(node.asText().trim());
        if (!m.matches() || node.isFloatingPointNumber()) {
            throw new IllegalArgumentException(at + ": '" + node.asText()
                    + "' is not a whole number of seconds (or 90s, 3m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero() || d.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(at + ": must be between 1 second and 7 days");
        }
        return d;
    }

    private static Map<Priority, String> choices(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": must map priorities to policy names");
        }
        Map<Priority, String> out = new EnumMap<>(Priority.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            var e = it.next();
            out.put(enumValue(Priority.class, e.getKey(), at + "." + e.getKey()), e.getValue().asText());
        }
        return out;
    }

    private static JsonNode object(JsonNode parent, String field, String at) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(at + ": is required (a mapping)");
        }
        return n;
    }

    private static void known(JsonNode node, String prefix, String... fields) {
        List<String> allowed = List.of(fields);
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException(prefix + f + ": unknown field (expected one of " + allowed + ")");
            }
        });
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String at) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": '" + text + "' is not one of "
                    + List.of(type.getEnumConstants()));
        }
    }
}
