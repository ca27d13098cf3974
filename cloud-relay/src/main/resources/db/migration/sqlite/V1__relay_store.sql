-- The relay store as it was before Flyway (PRAGMA user_version 1): messages for idempotency by (tenant, hub, id),
-- alarms and their log, readings (when no InfluxDB), events, hubs, dead letters, registrations. Times are epoch ms.
CREATE TABLE IF NOT EXISTS messages(tenant TEXT NOT NULL, hub TEXT NOT NULL, id TEXT NOT NULL,
  seq INTEGER NOT NULL, channel TEXT NOT NULL, at INTEGER NOT NULL, received_at INTEGER NOT NULL,
  PRIMARY KEY(tenant, hub, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alarms(alarm_id TEXT PRIMARY KEY, tenant TEXT NOT NULL,
  hub TEXT NOT NULL, resident TEXT NOT NULL, code TEXT NOT NULL, priority TEXT NOT NULL,
  state TEXT NOT NULL, summary TEXT NOT NULL, dedup_key TEXT NOT NULL, raised_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL, acked_at INTEGER, acked_by TEXT, closed_at INTEGER,
  payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alarms_open ON alarms(state, received_at);
CREATE TABLE IF NOT EXISTS alarm_log(id INTEGER PRIMARY KEY AUTOINCREMENT, alarm_id TEXT NOT NULL,
  at INTEGER NOT NULL, state TEXT NOT NULL, by TEXT, note TEXT);
CREATE TABLE IF NOT EXISTS readings(tenant TEXT NOT NULL, hub TEXT NOT NULL, message_id TEXT NOT NULL,
  resident TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, hub_received_at INTEGER,
  payload TEXT NOT NULL, PRIMARY KEY(tenant, hub, message_id));
CREATE INDEX IF NOT EXISTS readings_by_resident ON readings(resident, kind, at);
CREATE TABLE IF NOT EXISTS events(tenant TEXT NOT NULL, hub TEXT NOT NULL, message_id TEXT NOT NULL,
  resident TEXT, code TEXT NOT NULL, priority TEXT NOT NULL, at INTEGER NOT NULL,
  payload TEXT NOT NULL, PRIMARY KEY(tenant, hub, message_id));
CREATE TABLE IF NOT EXISTS hubs(tenant TEXT NOT NULL, hub TEXT NOT NULL, last_seen INTEGER NOT NULL,
  heartbeat_s INTEGER NOT NULL, online INTEGER NOT NULL, resident TEXT,
  silence_alarm TEXT, last_direct_seq INTEGER, last_test_at INTEGER, test_alarm TEXT,
  PRIMARY KEY(tenant, hub));
CREATE TABLE IF NOT EXISTS dead_letters(id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT,
  received_at INTEGER NOT NULL, reason TEXT NOT NULL, size INTEGER NOT NULL,
  sha256 TEXT NOT NULL UNIQUE, payload_head BLOB);
CREATE INDEX IF NOT EXISTS dead_letters_by_time ON dead_letters(received_at);
CREATE TABLE IF NOT EXISTS registrations(tenant TEXT NOT NULL, hub TEXT NOT NULL, state TEXT NOT NULL,
  since INTEGER NOT NULL, PRIMARY KEY(tenant, hub));
