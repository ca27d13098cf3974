package org.hearthgate.relay.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.hearthgate.contract.alarm.EventCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessagesTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void familyReadPlainWordsInTheTenantsZone() {
        // 02:12 UTC is 03:12 in London in summer time.
        assertThat(Messages.forFamily("Mum", EventCode.PERSONAL_TRIGGER, Instant.parse("2026-07-01T02:12:00Z"),
                LONDON, null)).isEqualTo("Mum pressed the alarm button at 03:12. The care team has been told and is"
                        + " calling Mum.");
    }

    @Test
    void theOutcomeSaysWhoDidWhatAndWhen() {
        assertThat(Messages.outcome(Outcome.VISITED_RESIDENT_OK, "Sam from the care team", "Mum",
                Instant.parse("2026-12-02T03:40:00Z"), LONDON))
                .isEqualTo("Sam from the care team visited Mum at 03:40: Mum is fine.");
    }

    @ParameterizedTest
    @EnumSource(EventCode.class)
    void noMessageCarriesACodeOrTheFamilyName(EventCode code) {
        String text = Messages.forResponder(Messages.shortName("Margaret", "Smith"), code,
                Instant.parse("2026-12-02T03:12:00Z"), LONDON);
        assertThat(text).doesNotContain(code.name(), code.scaipStatus(), "Smith").contains("Margaret S.");
        assertThat(Messages.forNeighbour("Margaret", code, Instant.parse("2026-12-02T03:12:00Z"), LONDON,
                "https://x/attend/t")).doesNotContain(code.name()).hasSizeLessThan(320);
    }

    @Test
    void aNameEndingWithAnInitialEndsTheSentenceOnce() {
        assertThat(Messages.onTheWay("Sam Patel (family)", "Margaret S."))
                .isEqualTo("Sam Patel (family) is on the way to Margaret S. Thank you, nobody else needs to go.");
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void everyOutcomeReadsAsASentence(Outcome outcome) {
        String text = Messages.outcome(outcome, "Sam from the care team", "Mum", Instant.parse(
                "2026-12-02T03:40:00Z"), LONDON);
        assertThat(text).doesNotContain("{").contains("Mum", "03:40").endsWith(".");
    }
}
