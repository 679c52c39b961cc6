package partnernet.neo4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Result;
import org.neo4j.graphdb.Transaction;

/**
 * A local Neo4j Community server for development and tests: the embedded database with a Bolt
 * connector on 127.0.0.1, authentication on, and the password of user "neo4j" set at first start.
 *
 * <p>Settings come from the environment: NEO4J_BOLT_PORT (7687), NEO4J_HOME_DIR (data, logs and
 * the ready file live there), NEO4J_PASSWORD (partnernet-dev), NEO4J_PAGECACHE (256m),
 * NEO4J_TX_MEMORY (256m, all transactions together). The heap is set by the JVM options of the
 * start script. Once Bolt accepts logins with the password, the file "ready" in the home directory
 * holds this process id; it is removed on shutdown (SIGTERM).
 */
public final class LocalNeo4j {

    private LocalNeo4j() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("NEO4J_BOLT_PORT", "7687"));
        Path home = Path.of(env.getOrDefault("NEO4J_HOME_DIR", "var/neo4j")).toAbsolutePath();
        String password = env.getOrDefault("NEO4J_PASSWORD", "partnernet-dev");
        long pageCache = bytes(env.getOrDefault("NEO4J_PAGECACHE", "256m"));
        long txMemory = bytes(env.getOrDefault("NEO4J_TX_MEMORY", "256m"));
        if (password.length() < 8) {
            // Neo4j 5 refuses shorter passwords; say so before a slow start fails.
            throw new IllegalArgumentException("NEO4J_PASSWORD must have at least 8 characters");
        }

        Files.createDirectories(home);
        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txMemory)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "100M size")
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
            } catch (IOException ignored) {
                // the start script checks the pid as well as the file
            }
            service.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        setInitialPassword(service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);

        long pid = ProcessHandle.current().pid();
        Path tmp = home.resolve("ready.tmp");
        Files.writeString(tmp, pid + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, ready, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("Neo4j ready at bolt://127.0.0.1:" + port + " (data in " + home + ", pid " + pid + ")");
        stopped.await();
    }

    /** Like `neo4j-admin dbms set-initial-password`: only while the default password is unchanged. */
    private static void setInitialPassword(GraphDatabaseService system, String password) {
        try (Transaction tx = system.beginTx()) {
            boolean mustChange;
            try (Result users = tx.execute(
                    "SHOW USERS YIELD user, passwordChangeRequired WHERE user = 'neo4j' RETURN passwordChangeRequired")) {
                mustChange = users.hasNext() && Boolean.TRUE.equals(users.next().get("passwordChangeRequired"));
            }
            if (mustChange) {
                tx.execute("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password))
                        .close();
            }
            tx.commit();
        }
    }

    private static long bytes(String size) {
        String s = size.trim().toLowerCase();
        long unit = 1;
        char last = s.charAt(s.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s) * unit;
    }
}
