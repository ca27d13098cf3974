package org.hearthgate.sim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Topics;
import org.hearthgate.hub.Hub;
import org.hearthgate.hub.HubObserver;
import org.hearthgate.hub.HubSettings;
import org.hearthgate.hub.uplink.MqttUplink;
import org.hearthgate.sim.scenario.HomeScenario;
import org.hearthgate.sim.scenario.Residence;
import org.hearthgate.sim.scenario.ScenarioRunner;
import org.hearthgate.sim.scenario.Scenarios;
import org.hearthgate.sim.stack.TempDirs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./hearthgate sim SCENARIO --broker URL}: plays a resident scenario through a real hub on a virtual clock,
 * connected to a running cloud (the broker {@code ./hearthgate demo} prints, say), so days of a resident's life reach
 * the console in seconds. Without {@code --broker} it runs in-process against a loopback cloud. Prints each alarm and
 * event that reached the cloud as a JSON line, then whether the scenario went as it expects; exit 0 as expected,
 * 1 not, 2 bad arguments.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Plays a resident scenario (days of sensors, vitals and events) through a real hub on a virtual "
                + "clock and checks that the care plan raised what the scenario expects.",
            "With --broker the hub connects to a running cloud (the hub must be registered there: the demo "
                + "registers hub-sim); without it the scenario runs in-process. --list names the scenarios."})
public final class SimCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "the scenario to run")
    String scenarioId;

    @Option(names = "--list", description = "list the scenarios and what each expects")
    boolean list;

    @Option(names = "--broker", paramLabel = "URL", description = "MQTT broker of a running cloud, e.g. tcp://127.0.0.1:1883")
    String broker;

    @Option(names = "--tenant", defaultValue = "demo", description = "tenant of the hub (default: ${DEFAULT-VALUE})")
    String tenant;

    @Option(names = "--hub", defaultValue = "hub-sim", description = "hub id, registered with the cloud (default: ${DEFAULT-VALUE})")
    String hub;

    @Option(names = "--resident", defaultValue = "res-sim", description = "pseudonymous resident id (default: ${DEFAULT-VALUE})")
    String resident;

    @Option(names = "--user", description = "broker user name, if the broker asks for one")
    String user;

    @Option(names = "--password", description = "broker password", arity = "0..1", interactive = true)
    char[] password;

    @Option(names = "--first-day", paramLabel = "YYYY-MM-DD",
            description = "the scenario's day 0 (default: so that it ends today; readings are never in the future)")
    LocalDate firstDay;

    @Option(names = "--verbose", description = "also print what the resident does, one line an act")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            for (HomeScenario s : Scenarios.all()) {
                out.printf("%-20s %s%n%-20s expects %s%n", s.id(), s.description(), "", s.expected().describe());
            }
            out.flush();
            return 0;
        }
        if (scenarioId == null) {
            err.println("sim: name a scenario, or --list to see them");
            return 2;
        }
        HomeScenario scenario = Scenarios.byId(scenarioId).orElse(null);
        if (scenario == null) {
            err.println("sim: unknown scenario '" + scenarioId + "'; try --list");
            return 2;
        }
        HubSettings settings;
        try {
            settings = HubSettings.defaults(TenantId.of(tenant), HubId.of(hub), ResidentId.of(resident));
        } catch (IllegalArgumentException e) {
            err.println("sim: " + e.getMessage());
            return 2;
        }
        LocalDate day0 = firstDay != null ? firstDay : LocalDate.now(Residence.ZONE).minusDays(scenario.days());
        Path work = TempDirs.create("hearthgate-sim");
        try {
            MqttUplink uplink = broker == null ? null : new MqttUplink(new MqttUplink.Settings(broker,
                    "hub-" + hub, user, password, Topics.downTo(settings.tenant(), settings.hub()),
                    Hub.statusTopic(settings), Hub.lastWill(settings, java.time.Clock.systemUTC()),
                    Duration.ofSeconds(10)));
            ScenarioRunner.Run run = ScenarioRunner.run(scenario, day0, settings, uplink, work,
                    ScenarioRunner.SILENT, HubObserver.NONE, Duration.ofSeconds(broker == null ? 60 : 120));
            if (verbose) {
                run.log().forEach(l -> out.println("# " + l));
            }
            for (Message m : run.result().delivered()) {
                ObjectNode line = json.createObjectNode();
                switch (m.body()) {
                    case AlarmRaised a -> {
                        line.put("at", m.at().toString()).put("alarm", a.code().name()).put("id", a.alarm().value())
                                .put("priority",
                                a.priority().name()).put("summary", a.summary());
                        if (a.device() != null) {
                            line.put("device", a.device().value());
                        }
                    }
                    case Event e -> {
                        line.put("at", m.at().toString()).put("event", e.code().name());
                        if (e.device() != null) {
                            line.put("device", e.device().value());
                        }
                        if (e.detail() != null) {
                            line.put("detail", e.detail());
                        }
                    }
                    default -> {
                        continue;
                    }
                }
                out.println(line);
            }
            ObjectNode summary = json.createObjectNode().put("scenario", scenario.id())
                    .put("delivered", run.result().delivered().size()).put("readings", run.result().readings().size())
                    .put("undelivered", run.result().undelivered()).put("asExpected", run.asExpected());
            run.problems().forEach(summary.putArray("problems")::add);
            out.println(summary);
            out.flush();
            if (!run.asExpected()) {
                err.println("sim: " + scenario.id() + " did not go as expected: " + String.join("; ", run.problems()));
            }
            return run.asExpected() ? 0 : 1;
        } finally {
            TempDirs.deleteIfMadeHere(work);
        }
    }
}
