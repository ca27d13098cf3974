package org.hearthgate.relay.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The cloud's SQL database: PostgreSQL in production, one SQLite file as the embedded default. Both get the same
 * schema from versioned Flyway migrations ({@code db/migration/<dialect>/V<n>__*.sql}, one folder per dialect
 * because their DDL differs). Every store (relay, directory, audit, escalation) works on this one pool.
 *
 * <p>SQLite allows one writer: every transaction begins IMMEDIATE (takes the write lock at once, so two writers
 * queue on the busy timeout instead of failing on a lock upgrade), and reads outside transactions see WAL snapshots.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    public enum Dialect {
        SQLITE("sqlite"), POSTGRESQL("postgresql");

        private final String folder;

        Dialect(String folder) {
            this.folder = folder;
        }
    }

    /** Work on one connection; may throw SQLException. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** A database failure, unchecked (callers decide whether it is final). */
    public static final class DataAccessException extends RuntimeException {
        public DataAccessException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Dialect dialect;
    private final HikariDataSource pool;

    private Database(Dialect dialect, HikariDataSource pool) {
        this.dialect = dialect;
        this.pool = pool;
    }

    /**
     * Opens and migrates the database {@code spec} names: {@code postgresql://user:password@host:port/db} (or a
     * {@code jdbc:postgresql:} URL), else the path of a SQLite file (created 0600 in a 0700 folder: it holds
     * health data).
     */
    public static Database open(String spec) {
        Database db = spec.startsWith("postgresql://") || spec.startsWith("postgres://")
                || spec.startsWith("jdbc:postgresql:") ? postgresql(spec) : sqlite(Path.of(spec));
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static Database postgresql(String spec) {
        HikariConfig c = new HikariConfig();
        if (spec.startsWith("jdbc:")) {
            c.setJdbcUrl(spec);
        } else {
            URI u = URI.create(spec);
            c.setJdbcUrl("jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "")
                    + u.getPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
            if (u.getRawUserInfo() != null) {
                String[] userInfo = u.getRawUserInfo().split(":", 2);
                c.setUsername(URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
                if (userInfo.length == 2) {
                    c.setPassword(URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
                }
            }
        }
        c.setPoolName("hearthgate-pg");
        c.setMaximumPoolSize(10);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(30_000);
        return new Database(Dialect.POSTGRESQL, new HikariDataSource(c));
    }

    private static Database sqlite(Path file) {
        try {
            createPrivately(file);
        } catch (IOException e) {
            throw new DataAccessException("cannot create the database file " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + file);
        HikariConfig c = new HikariConfig();
        c.setDataSource(sqlite);
        c.setPoolName("hearthgate-sqlite");
        c.setMaximumPoolSize(8);
        c.setConnectionTimeout(30_000);
        return new Database(Dialect.SQLITE, new HikariDataSource(c));
    }

    private static void createPrivately(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir)) {
            Files.createDirectories(dir);
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        if (!Files.exists(file)) {
            Files.createFile(file);
            if (posix) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    private void migrate() {
        var flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration/" + dialect.folder);
        if (dialect == Dialect.SQLITE && LegacySqlite.isPreFlyway(this)) {
            // A file from before migrations were versioned by Flyway: bring it to version 1 in place, then let
            // Flyway take over from there.
            LegacySqlite.upgradeToVersion1(this);
            flyway.baselineOnMigrate(true).baselineVersion("1").baselineDescription("pre-Flyway relay store");
        }
        var result = flyway.load().migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("database migrated to version {} ({} migration(s))", result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode (reads, single statements). */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    /** True when {@code table} exists (in the current schema). */
    public boolean hasTable(String table) {
        return read(c -> {
            try (ResultSet rs = c.getMetaData().getTables(null, null,
                    dialect == Dialect.POSTGRESQL ? table.toLowerCase(java.util.Locale.ROOT) : table, null)) {
                return rs.next();
            }
        });
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
