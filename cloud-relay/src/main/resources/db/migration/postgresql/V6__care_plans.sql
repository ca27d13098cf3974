-- Care plans held in the cloud (package org.hearthgate.relay.careplans). Times are epoch ms. As the SQLite V6.
-- Every saved version of a resident's plan, never changed once written: the YAML as the clinician wrote it, its
-- digest (ConfigUpdate.carePlanDigest: SHA-256 of the text, what hubs report back), who saved it and why.
CREATE TABLE care_plan_versions(tenant TEXT NOT NULL, resident TEXT NOT NULL, version BIGINT NOT NULL,
  yaml TEXT NOT NULL, digest TEXT NOT NULL, author TEXT NOT NULL, created_at BIGINT NOT NULL, note TEXT,
  PRIMARY KEY (tenant, resident, version));
-- Each push of a version to the hub assigned to the resident at the time. state: PENDING until the hub answers,
-- then APPLIED (it runs that digest) or REFUSED (reason: the hub's words, naming a field, never a person).
CREATE TABLE care_plan_pushes(id BIGSERIAL PRIMARY KEY, tenant TEXT NOT NULL, resident TEXT NOT NULL,
  version BIGINT NOT NULL, digest TEXT NOT NULL, hub TEXT NOT NULL, pushed_by TEXT NOT NULL,
  pushed_at BIGINT NOT NULL, state TEXT NOT NULL, answered_at BIGINT, reason TEXT);
CREATE INDEX care_plan_pushes_by_resident ON care_plan_pushes(tenant, resident, pushed_at);
CREATE INDEX care_plan_pushes_pending ON care_plan_pushes(tenant, hub, state);
-- The digest of the plan each hub last said it runs (every heartbeat carries it; 'defaults' for the built-in plan).
CREATE TABLE care_plan_reports(tenant TEXT NOT NULL, hub TEXT NOT NULL, digest TEXT NOT NULL,
  reported_at BIGINT NOT NULL, PRIMARY KEY (tenant, hub));
