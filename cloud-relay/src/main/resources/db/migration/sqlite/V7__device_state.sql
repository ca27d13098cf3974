-- Device state (package org.hearthgate.relay.devices): what the cloud last heard from each device of each hub,
-- derived from the stored stream (readings, events, alarms) and refreshed by every later message, so it is never the
-- only record. Times are epoch ms. Every pair (value, its time) moves only forward: a redelivered older message never
-- sets last seen, a battery level or a fault back.
--   kind, room      what the device is, as its observations name it (bloodPressure, motion), and where, when known
--   seen_at         the hub's time of the newest message from the device (when the hub heard it)
--   received_at     the cloud's receive time of the newest message from the device
--   battery         the last battery level in percent, battery_at its measurement time
--   missing_at      the newest SENSOR_MISSING event for it (the hub's time); restored_at the newest SENSOR_RESTORED
--   low_at          the newest BATTERY_LOW event
--   fault_at        the newest DEVICE_FAULT event or error/tamper/not-worn status, fault_detail what it said
--   ok_at           the newest "online" status or SENSOR_RESTORED: clears a fault
CREATE TABLE device_state(tenant TEXT NOT NULL, hub TEXT NOT NULL, device TEXT NOT NULL,
  kind TEXT, room TEXT, seen_at INTEGER, received_at INTEGER NOT NULL,
  battery REAL, battery_at INTEGER, missing_at INTEGER, restored_at INTEGER, low_at INTEGER,
  fault_at INTEGER, fault_detail TEXT, ok_at INTEGER,
  PRIMARY KEY(tenant, hub, device)) WITHOUT ROWID;
