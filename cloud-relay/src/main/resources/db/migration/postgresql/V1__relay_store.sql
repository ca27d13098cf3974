-- The relay store (see the SQLite V1 for what each table is). Times are epoch ms (BIGINT), as on SQLite, so the
-- same queries run on both.
CREATE TABLE messages(tenant TEXT NOT NULL, hub TEXT NOT NULL, id TEXT NOT NULL,
  seq BIGINT NOT NULL, channel TEXT NOT NULL, at BIGINT NOT NULL, received_at BIGINT NOT NULL,
  PRIMARY KEY(tenant, hub, id));
CREATE TABLE alarms(alarm_id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
  hub TEXT NOT NULL, resident TEXT NOT NULL, code TEXT NOT NULL, priority TEXT NOT NULL,
  state TEXT NOT NULL, summary TEXT NOT NULL, dedup_key TEXT NOT NULL, raised_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL, acked_at BIGINT, acked_by TEXT, closed_at BIGINT,
  payload TEXT NOT NULL);
CREATE INDEX alarms_open ON alarms(state, received_at);
CREATE TABLE alarm_log(id BIGSERIAL PRIMARY KEY, alarm_id TEXT NOT NULL,
  at BIGINT NOT NULL, state TEXT NOT NULL, by TEXT, note TEXT);
CREATE TABLE readings(tenant TEXT NOT NULL, hub TEXT NOT NULL, message_id TEXT NOT NULL,
  resident TEXT NOT NULL, kind TEXT NOT NULL, at BIGINT NOT NULL, hub_received_at BIGINT,
  payload TEXT NOT NULL, PRIMARY KEY(tenant, hub, message_id));
CREATE INDEX readings_by_resident ON readings(resident, kind, at);
CREATE TABLE events(tenant TEXT NOT NULL, hub TEXT NOT NULL, message_id TEXT NOT NULL,
  resident TEXT, code TEXT NOT NULL, priority TEXT NOT NULL, at BIGINT NOT NULL,
  payload TEXT NOT NULL, PRIMARY KEY(tenant, hub, message_id));
CREATE TABLE hubs(tenant TEXT NOT NULL, hub TEXT NOT NULL, last_seen BIGINT NOT NULL,
  heartbeat_s INTEGER NOT NULL, online INTEGER NOT NULL, resident TEXT,
  silence_alarm TEXT, last_direct_seq BIGINT, last_test_at BIGINT, test_alarm TEXT,
  PRIMARY KEY(tenant, hub));
CREATE TABLE dead_letters(id BIGSERIAL PRIMARY KEY, topic TEXT,
  received_at BIGINT NOT NULL, reason TEXT NOT NULL, size INTEGER NOT NULL,
  sha256 TEXT NOT NULL UNIQUE, payload_head BYTEA);
CREATE INDEX dead_letters_by_time ON dead_letters(received_at);
CREATE TABLE registrations(tenant TEXT NOT NULL, hub TEXT NOT NULL, state TEXT NOT NULL,
  since BIGINT NOT NULL, PRIMARY KEY(tenant, hub));
