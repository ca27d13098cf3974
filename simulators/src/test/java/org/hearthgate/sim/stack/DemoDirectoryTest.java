package org.hearthgate.sim.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.directory.Resident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo comes up with the sample service: named residents with circles, and the documented logins work. */
class DemoDirectoryTest {

    @Test
    void theDemoCopyIsTheShippedSample() throws Exception {
        assertThat(DemoDirectory.sample())
                .isEqualTo(Files.readString(Path.of("..", "docs", "examples", "directory.yaml")));
    }

    @Test
    void theDemoHasNamedResidentsCirclesAndAFamilyLoginForOneOfThem(@TempDir Path dir) {
        try (DemoDirectory demo = DemoDirectory.open(dir.resolve("directory.db"), Clock.systemUTC())) {
            assertThat(demo.directory().residents(Stack.TENANT)).extracting(Resident::calledName)
                    .containsExactlyInAnyOrder("Peggy", "Arthur", "Nisha");
            assertThat(demo.directory().circle(Stack.TENANT, ResidentId.of("res-demo"))).hasSize(5);
            assertThat(demo.directory().residentsNaming(Stack.TENANT, "sam"))
                    .containsExactly(ResidentId.of("res-demo"));
        }
        try (DemoDirectory again = DemoDirectory.open(dir.resolve("directory.db"), Clock.systemUTC())) {
            assertThat(again.directory().residents(Stack.TENANT)).as("reopened: imported once").hasSize(3);
        }
    }

    @Test
    void theLoginsTheSampleDocumentsSignIn(@TempDir Path dir) {
        Map<String, String> documented = Map.of("admin", "hearthgate-admin", "responder", "hearthgate-demo",
                "dr.okafor", "hearthgate-clinician", "sam", "hearthgate-family");
        Users users = new Users(Clock.systemUTC());
        try (DemoDirectory demo = DemoDirectory.open(dir.resolve("directory.db"), Clock.systemUTC())) {
            demo.addLogins(users);
        }
        documented.forEach((login, password) -> assertThat(users.login(login, password.toCharArray()))
                .as(login).isPresent());
        assertThat(users.login("sam", "hearthgate-demo".toCharArray())).isEmpty();
        assertThat(DemoDirectory.sample()).contains(documented.entrySet().stream()
                .map(e -> e.getKey() + " ").toArray(String[]::new));
    }
}
