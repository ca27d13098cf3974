-- The responder console: who has taken an open alarm, so two responders do not take the same call. A row lives
-- while the alarm is open (resolving removes it); who claimed what is also in the audit trail.
CREATE TABLE console_claim(tenant TEXT NOT NULL, alarm_id TEXT NOT NULL, login TEXT NOT NULL,
  claimed_at BIGINT NOT NULL, PRIMARY KEY (tenant, alarm_id));
