-- The audit trail: append-only, each row's hash covers the previous row's hash (see SqlAuditTrail).
CREATE TABLE audit_trail(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, login TEXT NOT NULL, tenant TEXT NOT NULL,
  role TEXT NOT NULL, from_addr TEXT, action TEXT NOT NULL, resident TEXT, detail TEXT,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_by_resident ON audit_trail(tenant, resident, at);
-- Secrets every relay instance shares (the session signing key), made once by whichever starts first.
CREATE TABLE relay_secrets(name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at INTEGER NOT NULL);
-- Sessions ended before they expired (sign-out); kept until they would have expired anyway.
CREATE TABLE revoked_sessions(jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
-- Append-only: changing or deleting a row is refused here; someone who drops these triggers is caught by the chain.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_trail BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_trail BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
