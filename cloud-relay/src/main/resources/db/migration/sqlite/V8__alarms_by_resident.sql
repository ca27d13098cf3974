-- The console, FHIR and the worklist ask for one tenant's (and often one resident's) alarms: find them by index,
-- not by reading every alarm of every service.
CREATE INDEX alarms_by_resident ON alarms(tenant, resident, received_at);
