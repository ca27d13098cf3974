package org.hearthgate.relay.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** NHS numbers: Modulus 11, as typed, stored as digits; properties over seeded random numbers. */
class NhsNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"9434765919", "943 476 5919", " 943 476 5919 ", "4010232137", "0000000000"})
    void wellFormedNumbersAreKeptAsDigits(String typed) {
        assertThat(NhsNumber.normalise(typed, "nhsNumber")).matches("[0-9]{10}")
                .isEqualTo(typed.replace(" ", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9434765918", "943 476 5910"})
    void aWrongCheckDigitIsNamed(String typed) {
        assertThatThrownBy(() -> NhsNumber.normalise(typed, "nhsNumber"))
                .hasMessage("nhsNumber: " + typed.replace(" ", "") + " fails the Modulus 11 check");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "943476591", "94347659190", "943-476-5919", "943476591x", "９４３４７６５９１９"})
    void anythingButTenDigitsIsRefused(String typed) {
        assertThatThrownBy(() -> NhsNumber.normalise(typed, "nhsNumber")).hasMessageContaining("is not 10 digits");
    }

    @RepeatedTest(200)
    void theComputedCheckDigitCompletesAValidNumberUnlessItWouldBeTen(RepetitionInfo run) {
        Random random = new Random(run.getCurrentRepetition() * 7_919L);
        String nine = nineDigits(random);
        int check = NhsNumber.checkDigit(nine);
        for (int d = 0; d <= 9; d++) {
            assertThat(NhsNumber.isValid(nine + d)).as("seed %d: %s%d", run.getCurrentRepetition(), nine, d)
                    .isEqualTo(d == check);
        }
    }

    @RepeatedTest(200)
    void everySingleDigitMistakeIsCaught(RepetitionInfo run) {
        Random random = new Random(run.getCurrentRepetition() * 104_729L);
        String valid = validNumber(random);
        int position = random.nextInt(10);
        int wrong = (valid.charAt(position) - '0' + 1 + random.nextInt(9)) % 10;
        String typo = valid.substring(0, position) + wrong + valid.substring(position + 1);
        assertThat(NhsNumber.isValid(typo)).as("seed %d: %s -> %s", run.getCurrentRepetition(), valid, typo)
                .isFalse();
    }

    @RepeatedTest(200)
    void everySwapOfTwoDifferentNeighbouringDigitsIsCaught(RepetitionInfo run) {
        Random random = new Random(run.getCurrentRepetition() * 1_299_709L);
        String valid = validNumber(random);
        int i = random.nextInt(9);
        if (valid.charAt(i) == valid.charAt(i + 1)) {
            return; // swapping equal digits changes nothing
        }
        String swapped = valid.substring(0, i) + valid.charAt(i + 1) + valid.charAt(i) + valid.substring(i + 2);
        assertThat(NhsNumber.isValid(swapped)).as("seed %d: %s -> %s", run.getCurrentRepetition(), valid, swapped)
                .isFalse();
    }

    @RepeatedTest(100)
    void spacesAnywhereAreAcceptedAndDropped(RepetitionInfo run) {
        Random random = new Random(run.getCurrentRepetition());
        String valid = validNumber(random);
        StringBuilder typed = new StringBuilder();
        for (char ch : valid.toCharArray()) {
            typed.append(" ".repeat(random.nextInt(3))).append(ch);
        }
        assertThat(NhsNumber.normalise(typed.toString(), "nhsNumber")).isEqualTo(valid);
    }

    static String validNumber(Random random) {
        while (true) {
            String nine = nineDigits(random);
            int check = NhsNumber.checkDigit(nine);
            if (check >= 0) {
                return nine + check;
            }
        }
    }

    private static String nineDigits(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            sb.append(random.nextInt(10));
        }
        return sb.toString();
    }
}
