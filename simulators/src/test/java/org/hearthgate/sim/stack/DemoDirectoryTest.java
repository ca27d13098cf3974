package org.hearthgate.sim.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.relay.console.Users;
import org.hearthgate.relay.db.Database;
import org.hearthgate.relay.directory.Resident;
import org.hearthgate.relay.directory.SqlCareDirectory;
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
        try (Database db = Database.open(dir.resolve("relay.db").toString())) {
            SqlCareDirectory directory = new SqlCareDirectory(db, Clock.systemUTC());
            DemoDirectory.importInto(directory);
            assertThat(directory.residents(Stack.TENANT)).extracting(Resident::calledName)
                    .containsExactlyInAnyOrder("Peggy", "Arthur", "Nisha");
            assertThat(directory.circle(Stack.TENANT, ResidentId.of("res-demo"))).hasSize(5);
            assertThat(directory.residentsNaming(Stack.TENANT, "sam")).containsExactly(ResidentId.of("res-demo"));
            DemoDirectory.importInto(directory);
            assertThat(directory.residents(Stack.TENANT)).as("imported again: once").hasSize(3);

            Map<String, String> documented = Map.of("admin", "hearthgate-admin", "responder", "hearthgate-demo",
                    "dr.okafor", "hearthgate-clinician", "sam", "hearthgate-family");
            Users users = new Users(Clock.systemUTC());
            users.useDirectory(directory);
            documented.forEach((login, password) -> assertThat(users.login(login, password.toCharArray()))
                    .as(login).isPresent());
            assertThat(users.login("sam", "hearthgate-demo".toCharArray())).isEmpty();
            assertThat(DemoDirectory.sample()).contains(documented.entrySet().stream()
                    .map(e -> e.getKey() + " ").toArray(String[]::new));
        }
    }
}
