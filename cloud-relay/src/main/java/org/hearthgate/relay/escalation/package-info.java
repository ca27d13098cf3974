/**
 * Escalation: every alarm ends with a named person who has taken it on.
 *
 * <ul>
 *   <li>{@link org.hearthgate.relay.escalation.PolicyFormat} reads a tenant's {@link
 *       org.hearthgate.relay.escalation.PolicySet} (YAML or JSON; errors name the field);
 *       {@link org.hearthgate.relay.escalation.PolicyStore} keeps it (V4 tables). Per tenant, by priority, with
 *       per-resident overrides; {@link org.hearthgate.relay.escalation.PolicySet#builtIn()} until a tenant sets one.
 *   <li>{@link org.hearthgate.relay.escalation.EscalationEngine} runs the chains from the store (durable, several
 *       relays, at most once to people, at least once to webhooks), and answers the console's timeline.
 *   <li>{@link org.hearthgate.relay.escalation.Messages} words them; {@link
 *       org.hearthgate.relay.escalation.AttendLinks} serves "I'm going"; {@link
 *       org.hearthgate.relay.escalation.Resolutions} records the {@link org.hearthgate.relay.escalation.Outcome}.
 *   <li>{@link org.hearthgate.relay.escalation.AlarmActions} is what this package asks of the alarm workflow.
 * </ul>
 *
 * <p>Decisions: contacts' quiet hours hold back every message except for CRITICAL alarms (pendant, fall, smoke,
 * CO) and the final step; advisories (LOW, INFO) may not name the family or neighbours at all; a chain that has run
 * its final step is done (the alarm stays open on the console until someone resolves it); when nobody of a step can
 * be told (all failed or unreachable) the wait after it is cut short; steps run from the time they are claimed, so
 * after an outage a chain resumes where it was rather than firing every missed step at once.
 */
package org.hearthgate.relay.escalation;
