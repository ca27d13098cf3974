-- The care directory (org.hearthgate.relay.directory): tenants, residents, registered hubs and who they belong to
-- (with history), devices, contacts and their channels, care circles, console accounts. The same shape as the
-- PostgreSQL V2. Times are epoch ms; dates and times of day are ISO text; lists are JSON arrays of strings.
CREATE TABLE tenants(id TEXT PRIMARY KEY, name TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);

-- id is the pseudonymous id the hub knows; nothing else here ever leaves the cloud.
CREATE TABLE residents(tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL,
  given_name TEXT NOT NULL, family_name TEXT NOT NULL, preferred_name TEXT, birth_date TEXT,
  address_lines TEXT NOT NULL, town TEXT, postcode TEXT, phone TEXT,
  nhs_number TEXT, nhs_verification TEXT,
  access_instructions TEXT, key_safe_code TEXT, dnacpr INTEGER NOT NULL, end_of_life_wishes TEXT,
  allergies TEXT NOT NULL, conditions TEXT NOT NULL, languages TEXT NOT NULL, gp TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY(tenant, id));
-- One NHS number is one person (NULLs, numbers not known yet, do not collide).
CREATE UNIQUE INDEX residents_nhs_number ON residents(tenant, nhs_number);

-- A hub the relay may ingest from, with how the broker knows it: a mosquitto password hash ($7$, PBKDF2-SHA512)
-- or the fingerprint of its client certificate. (The relay store's own `hubs` table holds liveness, not identity.)
CREATE TABLE registered_hubs(tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL,
  password_hash TEXT, certificate_fingerprint TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY(tenant, id),
  CHECK (password_hash IS NOT NULL OR certificate_fingerprint IS NOT NULL));

-- Which resident a hub served and when; to_at NULL is the current assignment (at most one per hub).
CREATE TABLE hub_assignments(id INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, hub TEXT NOT NULL,
  resident TEXT NOT NULL, from_at INTEGER NOT NULL, to_at INTEGER,
  FOREIGN KEY(tenant, hub) REFERENCES registered_hubs(tenant, id),
  FOREIGN KEY(tenant, resident) REFERENCES residents(tenant, id));
CREATE UNIQUE INDEX hub_assignments_current ON hub_assignments(tenant, hub) WHERE to_at IS NULL;
CREATE INDEX hub_assignments_by_resident ON hub_assignments(tenant, resident);

CREATE TABLE devices(tenant TEXT NOT NULL, hub TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, model TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY(tenant, hub, id),
  FOREIGN KEY(tenant, hub) REFERENCES registered_hubs(tenant, id));

-- Quiet hours are local times of day, HH:MM (both NULL: none).
CREATE TABLE contacts(tenant TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, name TEXT NOT NULL,
  quiet_from TEXT, quiet_to TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  PRIMARY KEY(tenant, id));

-- A contact's channels in their preference order (position 1 first).
CREATE TABLE contact_channels(tenant TEXT NOT NULL, contact TEXT NOT NULL, position INTEGER NOT NULL,
  channel TEXT NOT NULL, address TEXT NOT NULL,
  PRIMARY KEY(tenant, contact, position),
  FOREIGN KEY(tenant, contact) REFERENCES contacts(tenant, id));

-- One care circle per resident: who, in what role, in which order within the role, what they may see, and what
-- they call the resident ("Mum"; NULL: the resident's own name).
CREATE TABLE circle_members(tenant TEXT NOT NULL, resident TEXT NOT NULL, contact TEXT NOT NULL,
  role TEXT NOT NULL, position INTEGER NOT NULL, sees TEXT NOT NULL, resident_called TEXT,
  PRIMARY KEY(tenant, resident, contact),
  FOREIGN KEY(tenant, resident) REFERENCES residents(tenant, id),
  FOREIGN KEY(tenant, contact) REFERENCES contacts(tenant, id));
CREATE INDEX circle_members_by_contact ON circle_members(tenant, contact);

-- Console sign-ins; login is unique across tenants. password_hash is pbkdf2$… (console Users.hash), totp_secret
-- Base32 (NULL: no second factor), contact links the person to the contact care circles name.
CREATE TABLE accounts(login TEXT PRIMARY KEY, tenant TEXT NOT NULL REFERENCES tenants(id), role TEXT NOT NULL,
  password_hash TEXT NOT NULL, totp_secret TEXT, contact TEXT, disabled INTEGER NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  FOREIGN KEY(tenant, contact) REFERENCES contacts(tenant, id));
CREATE INDEX accounts_by_contact ON accounts(tenant, contact);
