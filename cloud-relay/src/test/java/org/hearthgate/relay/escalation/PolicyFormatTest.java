package org.hearthgate.relay.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.hearthgate.contract.alarm.Priority;
import org.hearthgate.relay.directory.CircleRole;
import org.hearthgate.relay.notify.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyFormatTest {

    @Test
    void readsAPolicySetFromYaml() {
        PolicySet set = PolicyFormat.parse(Fixture.POLICIES);
        EscalationPolicy night = set.policyFor("anyone", Priority.CRITICAL);
        assertThat(night.steps()).containsExactly(
                new Step.Notify(new Target.Role(CircleRole.ON_CALL), List.of(Channel.SMS)),
                new Step.Wait(Duration.ofSeconds(60)),
                new Step.Notify(new Target.Role(CircleRole.FAMILY), List.of(Channel.SMS)),
                new Step.Wait(Duration.ofMinutes(2)));
        assertThat(night.repeat()).isEqualTo(1);
        assertThat(night.finalStep().target()).isEqualTo(new Target.Role(CircleRole.SERVICE_MANAGER));
        assertThat(set.policyFor("anyone", Priority.INFO).steps().get(0))
                .isEqualTo(new Step.OnlyBetween(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    }

    @Test
    void aPolicyRoundTripsThroughJsonAndJsonIsAcceptedToo() {
        for (EscalationPolicy p : PolicySet.builtIn().policies().values()) {
            assertThat(PolicyFormat.parsePolicy(p.name(), PolicyFormat.toJson(p))).isEqualTo(p);
        }
        PolicySet json = PolicyFormat.parse("{\"policies\":{\"p\":{\"steps\":[{\"notify\":\"contact:c-9\","
                + "\"via\":[\"EMAIL\"]}],\"final\":{\"notify\":\"webhook:https://arc.example/in\","
                + "\"via\":[\"WEBHOOK\"]}}},"
                + "\"priorities\":{\"CRITICAL\":\"p\",\"HIGH\":\"p\",\"MEDIUM\":\"p\",\"LOW\":\"p\",\"INFO\":\"p\"}}");
        assertThat(json.policyFor("r", Priority.LOW).finalStep().target())
                .isEqualTo(new Target.Webhook("https://arc.example/in"));
        assertThat(json.zone().getId()).isEqualTo("Europe/London");
    }

    @Test
    void theBuiltInEmergencyChainPagesOnCallAfterAMinuteAndFamilyAfterThree() {
        EscalationPolicy p = PolicySet.builtIn().policyFor("r", Priority.CRITICAL);
        assertThat(p.steps().subList(0, 5)).extracting(s -> s instanceof Step.Wait w ? w.duration().toSeconds()
                : ((Step.Notify) s).target().toString()).containsExactly("RESPONDER", 60L, "ON_CALL", 120L, "FAMILY");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "wait: 0|policies.night.steps[1].wait: must be between 1 second and 7 days",
        "wait: 60|ok",
        "wait: soon|policies.night.steps[1].wait: 'soon' is not a whole number of seconds (or 90s, 3m, 1h)",
        "notify: COUSIN|policies.night.steps[0].notify: 'COUSIN' is not one of",
        "via: [PIGEON]|policies.night.steps[0].via[0]: 'PIGEON' is not one of",
        "repeat: 1|ok",
        "repeat: 99|policies.night.repeat: 99 is outside 0..20",
        "final: { notify: SERVICE_MANAGER, via: [EMAIL] }|ok",
        "final: { wait: 5 }|policies.night.final: must be a notify step",
        "only-between: 9-5|policies.advisory.steps[0].only-between: '9-5' is not a window like 09:00-17:00",
        "LOW: advisory|ok",
        "LOW: night|priorities.LOW: policy 'night' steps[2] notifies FAMILY, but an advisory never wakes a family",
        "INFO: nightly|priorities.INFO: no policy named 'nightly'",
        "zone: Europe/London|ok",
        "zone: Mars/Olympus|zone: 'Mars/Olympus' is not a time zone",
    })
    void aBadFieldIsNamed(String change, String expected) {
        String key = change.substring(0, change.indexOf(':') + 1);
        String original = Fixture.POLICIES.lines().filter(l -> l.trim().startsWith(key)
                || l.trim().startsWith("- " + key) || l.contains(" " + key + " ")).findFirst().orElseThrow();
        String replaced = original.contains("{ CRITICAL") ? original.replaceFirst(key + " \\w+", change)
                : original.substring(0, original.indexOf(key)) + change;
        String text = Fixture.POLICIES.replace(original, replaced);
        if (expected.equals("ok")) {
            assertThat(PolicyFormat.parse(text)).isNotNull();
        } else {
            assertThatThrownBy(() -> PolicyFormat.parse(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(expected);
        }
    }

    @Test
    void everyPriorityNeedsAChainAndAPolicyNeedsAFinalStep() {
        assertThatThrownBy(() -> PolicyFormat.parse(Fixture.POLICIES.replace("INFO: advisory ", "")))
                .hasMessage("priorities.INFO: is required (every priority needs a chain)");
        assertThatThrownBy(() -> PolicyFormat.parse(Fixture.POLICIES.replace(
                "    final: { notify: SERVICE_MANAGER, via: [EMAIL] }\n  advisory", "  advisory")))
                .hasMessageStartingWith("policies.night.final: is required");
        assertThatThrownBy(() -> PolicyFormat.parse(Fixture.POLICIES.replace("repeat: 1",
                "repeat: 1\n    colour: red")))
                .hasMessageStartingWith("policies.night.colour: unknown field");
    }

    @Test
    void theDefaultAnAdminEditsReadsBackAsTheSameSetWhateverItsNamesAndTargets() {
        assertThat(PolicyFormat.parse(PolicyFormat.defaultsYaml(PolicySet.builtIn()))).isEqualTo(PolicySet.builtIn());
        PolicySet odd = PolicyFormat.parse("""
                zone: America/New_York
                policies:
                  "on":
                    steps:
                      - only-between: 7:30-22:00
                      - notify: "contact:sam-hughes"
                        via: [SMS]
                      - wait: 90
                    repeat: 3
                    final: {notify: "webhook:https://arc.example/in?a=1#x y", via: [WEBHOOK]}
                  "night shift": {steps: [{notify: RESPONDER, via: [CONSOLE]}], final: {notify: ON_CALL, via: [SMS]}}
                priorities: {CRITICAL: "on", HIGH: "on", MEDIUM: night shift, LOW: night shift, INFO: night shift}
                """);
        String yaml = PolicyFormat.defaultsYaml(odd);
        assertThat(PolicyFormat.parse(yaml)).isEqualTo(odd);
        assertThat(yaml).contains("  \"on\":", "      - wait: 90s", "      - only-between: 07:30-22:00",
                "  CRITICAL: \"on\"");
        assertThat(PolicyFormat.summary(odd.policies().get("on"))).isEqualTo("only between 07:30 and 22:00; "
                + "contact:sam-hughes by SMS; wait 90s; repeat 3 times; finally webhook:https://arc.example/in?a=1#x y "
                + "by WEBHOOK");
    }

    @Test
    void aResidentsChoicesAreReadWithTheirFieldsNamed() {
        assertThat(PolicyFormat.parseChoices("CRITICAL: emergency\nlow: advisory", "residents.r-1"))
                .containsExactly(java.util.Map.entry(Priority.CRITICAL, "emergency"),
                        java.util.Map.entry(Priority.LOW, "advisory"));
        assertThat(PolicyFormat.parseChoices("  ", "residents.r-1")).isEmpty();
        assertThat(PolicyFormat.choicesYaml(PolicyFormat.parseChoices("{INFO: b, CRITICAL: a}", "r"), ""))
                .isEqualTo("CRITICAL: a\nINFO: b\n");
        assertThatThrownBy(() -> PolicyFormat.parseChoices("SOON: emergency", "residents.r-1"))
                .hasMessageStartingWith("residents.r-1.SOON: 'SOON' is not one of");
        assertThatThrownBy(() -> PolicyFormat.parseChoices("CRITICAL:", "residents.r-1"))
                .hasMessage("residents.r-1.CRITICAL: needs a policy name");
        assertThatThrownBy(() -> PolicyFormat.parseChoices("[CRITICAL]", "residents.r-1"))
                .hasMessage("residents.r-1: must map priorities to policy names");
    }
}
