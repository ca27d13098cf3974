-- Escalation (package org.hearthgate.relay.escalation). Times are epoch ms.
-- Policies as data: a tenant's time zone, its named policies (JSON documents), and which policy runs for which
-- priority, for the tenant (resident '') or for one resident (overrides the tenant's choice for that priority).
CREATE TABLE escalation_tenants(tenant TEXT PRIMARY KEY, zone TEXT NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE escalation_policies(tenant TEXT NOT NULL, name TEXT NOT NULL, document TEXT NOT NULL,
  PRIMARY KEY(tenant, name));
CREATE TABLE escalation_choices(tenant TEXT NOT NULL, resident TEXT NOT NULL, priority TEXT NOT NULL,
  policy TEXT NOT NULL, PRIMARY KEY(tenant, resident, priority));
-- One row per alarm being escalated: the policy as it was when the alarm started (a later edit does not shift a
-- running chain), where the chain stands (pass = how many times it has been repeated, next_step = index of the next
-- step, the step count meaning the final step), when that step is due, and where the steps since the last wait
-- began (group_from_step: if nobody in that group can be told, the wait is cut short). state: running, stopped, done.
CREATE TABLE escalations(alarm_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, policy_name TEXT NOT NULL,
  policy TEXT NOT NULL, zone TEXT NOT NULL, state TEXT NOT NULL, pass INTEGER NOT NULL, next_step INTEGER NOT NULL,
  due_at INTEGER NOT NULL, group_from_step INTEGER, started_at INTEGER NOT NULL, ended_at INTEGER, end_reason TEXT);
CREATE INDEX escalations_due ON escalations(state, due_at);
-- Every message to one recipient on one channel. The key (alarm x pass x step x recipient x channel) is claimed
-- here before anything is sent, so nobody gets the same message twice. status: queued, sending, sent, delivered,
-- read, failed, skipped, cancelled, unknown (a relay stopped mid-send; never re-sent to a person).
CREATE TABLE notifications(notification_key TEXT PRIMARY KEY, alarm_id TEXT NOT NULL, kind TEXT NOT NULL,
  pass INTEGER NOT NULL, step INTEGER NOT NULL, contact_id TEXT NOT NULL, recipient_name TEXT NOT NULL,
  recipient_role TEXT, channel TEXT NOT NULL, address TEXT NOT NULL, subject TEXT, body TEXT NOT NULL, data TEXT,
  status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, last_error TEXT,
  reference TEXT, claimed_by TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX notifications_due ON notifications(status, next_attempt_at);
CREATE INDEX notifications_by_alarm ON notifications(alarm_id, contact_id);
CREATE INDEX notifications_by_reference ON notifications(channel, reference);
-- The alarm's escalation timeline, append-only: steps taken, messages queued, sent, retried, failed, answers.
CREATE TABLE escalation_events(id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id TEXT NOT NULL, at INTEGER NOT NULL,
  kind TEXT NOT NULL, detail TEXT NOT NULL, notification_key TEXT);
CREATE INDEX escalation_events_by_alarm ON escalation_events(alarm_id, at);
-- Answers given through "I'm going" links: one per link (the hash of its token), so a link works once.
CREATE TABLE attend_answers(token_hash TEXT PRIMARY KEY, alarm_id TEXT NOT NULL, contact_id TEXT NOT NULL,
  answer TEXT NOT NULL, at INTEGER NOT NULL);
-- How an alarm ended, from the fixed list of outcomes.
CREATE TABLE alarm_outcomes(alarm_id TEXT PRIMARY KEY, outcome TEXT NOT NULL, resolved_by TEXT NOT NULL,
  notes TEXT, at INTEGER NOT NULL);
