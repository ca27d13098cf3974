package org.hearthgate.sim.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.hub.Announcement;
import org.hearthgate.hub.Annunciator;
import org.hearthgate.hub.HubObserver;

/** Prints every alarm event of the demo as one JSON line, and keeps the figures for the closing summary. */
public final class DemoReporter implements HubObserver, Annunciator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Map<String, Instant> raisedAt = new ConcurrentHashMap<>();
    final List<Double> deliveredMs = new CopyOnWriteArrayList<>();
    final List<Double> acknowledgedMs = new CopyOnWriteArrayList<>();
    final List<String> overdue = new CopyOnWriteArrayList<>();

    public DemoReporter(PrintStream out) {
        this.out = out;
    }

    public void line(String event, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        try {
            String s = JSON.writeValueAsString(m);
            synchronized (out) {
                out.println(s);
                out.flush();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static double ms(Instant from, Instant to) {
        return Math.round(Duration.between(from, to).toNanos() / 100_000.0) / 10.0;
    }

    @Override
    public void alarmRaised(AlarmRaised alarm, Instant triggeredAt) {
        raisedAt.put(alarm.alarm().value(), triggeredAt);
        line("alarm.raised", "alarm", alarm.alarm().value(), "code", alarm.code().name(), "priority",
                alarm.priority().name(), "device", String.valueOf(alarm.device()));
    }

    @Override
    public void alarmReceipted(AlarmRaised alarm, Instant triggeredAt, Instant receiptAt) {
        double latency = ms(triggeredAt, receiptAt);
        deliveredMs.add(latency);
        line("alarm.delivered", "alarm", alarm.alarm().value(), "latencyMs", latency, "code", alarm.code().name());
    }

    @Override
    public void ackReceived(Ack ack, Instant at) {
        Instant raised = raisedAt.get(ack.alarm().value());
        double latency = raised == null ? -1 : ms(raised, at);
        if (ack.state() == org.hearthgate.contract.alarm.AlarmState.ACKNOWLEDGED) {
            acknowledgedMs.add(latency);
        }
        line("alarm." + ack.state().name().toLowerCase(java.util.Locale.ROOT) + ".at-hub", "alarm",
                ack.alarm().value(), "sinceRaisedMs", latency, "by", ack.by());
    }

    @Override
    public void alarmOverdue(AlarmRaised alarm) {
        overdue.add(alarm.alarm().value());
        line("alarm.overdue", "alarm", alarm.alarm().value(), "note", "no receipt yet; hub keeps retrying");
    }

    @Override
    public void announce(Announcement a) {
        line("hub.announce", "what", a.name(), "text", a.text());
    }

    @Override
    public void prompt(String text, boolean cancellable) {
        line("hub.prompt", "text", text, "cancellable", cancellable);
    }

    /** Prints the closing line; true when every alarm raised was delivered to the cloud and receipted. */
    public boolean summary(String scenario) {
        List<Double> sorted = deliveredMs.stream().sorted().toList();
        double p50 = sorted.isEmpty() ? -1 : sorted.get((sorted.size() - 1) / 2);
        double max = sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1);
        boolean ok = !raisedAt.isEmpty() && deliveredMs.size() >= raisedAt.size();
        line("scenario.done", "scenario", scenario, "raised", raisedAt.size(), "delivered", deliveredMs.size(),
                "acknowledged", acknowledgedMs.size(), "deliveredP50Ms", p50, "deliveredMaxMs", max, "ok", ok);
        return ok;
    }
}
