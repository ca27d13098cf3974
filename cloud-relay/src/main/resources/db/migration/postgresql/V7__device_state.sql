-- Device state (package org.hearthgate.relay.devices): see the SQLite V7 for what each column is. Times are epoch
-- ms (BIGINT), as on SQLite, so the same queries run on both.
CREATE TABLE device_state(tenant TEXT NOT NULL, hub TEXT NOT NULL, device TEXT NOT NULL,
  kind TEXT, room TEXT, seen_at BIGINT, received_at BIGINT NOT NULL,
  battery DOUBLE PRECISION, battery_at BIGINT, missing_at BIGINT, restored_at BIGINT, low_at BIGINT,
  fault_at BIGINT, fault_detail TEXT, ok_at BIGINT,
  PRIMARY KEY(tenant, hub, device));
