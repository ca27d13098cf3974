package org.hearthgate.relay.access;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.hearthgate.relay.db.Database;

/**
 * Secrets every relay instance shares, kept in the database: the first instance to start makes one, the others read
 * it. Also where revoked sessions are kept, so signing out holds on every instance.
 */
public final class Secrets implements SessionTokens.Revocations {
    private final Database db;
    private final Clock clock;

    public Secrets(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The named secret (32 random bytes, Base64), made on first use. */
    public byte[] secret(String name) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        return db.inTransaction(c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO relay_secrets(name, value, created_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                ins.setString(1, name);
                ins.setString(2, Base64.getEncoder().encodeToString(fresh));
                ins.setLong(3, clock.millis());
                ins.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM relay_secrets WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Base64.getDecoder().decode(rs.getString(1));
                }
            }
        });
    }

    @Override
    public void revoke(String id, Instant expires) {
        db.inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM revoked_sessions WHERE expires_at < ?")) {
                del.setLong(1, clock.millis());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO revoked_sessions(jti, expires_at) VALUES (?, ?) "
                    + "ON CONFLICT (jti) DO NOTHING")) {
                ps.setString(1, id);
                ps.setLong(2, expires.toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean isRevoked(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM revoked_sessions WHERE jti = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
