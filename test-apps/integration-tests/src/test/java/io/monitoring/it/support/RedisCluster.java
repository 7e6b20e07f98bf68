package io.monitoring.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis cluster of three masters without replicas on free local ports, started by the test from the machine's
 * {@code redis-server} (Redis 7: {@code --cluster-port} gives the bus a free port of its own) and
 * {@code redis-cli --cluster create}, ready once every node says {@code cluster_state:ok}. {@link #close} stops
 * the servers and deletes their directory, also when starting failed. Without {@code redis-server} or
 * {@code redis-cli} the calling test is skipped with the reason, except under {@code CI=true}, where it fails.
 *
 * <p>{@code redis-cli --cluster create} gives each node a third of the 16384 slots, in the order of the ports:
 * slots 0-5460 to the first, 5461-10922 to the second, 10923-16383 to the third. The test reads the real map
 * ({@link #portServing}) rather than trusting that.
 */
public final class RedisCluster implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);
    private static final int NODES = 3;

    private final Path dir;
    private final String cli;
    private final List<Integer> ports = new ArrayList<>();
    private final List<NativeProcess> servers = new ArrayList<>();

    private RedisCluster(Path dir, String cli) {
        this.dir = dir;
        this.cli = cli;
    }

    /** Starts the cluster and waits until it serves every slot, or skips (fails under CI=true) without Redis. */
    public static RedisCluster startOrSkip() {
        String server = requireProgram("redis-server");
        String cli = requireProgram("redis-cli");
        RedisCluster cluster;
        try {
            cluster = new RedisCluster(Files.createTempDirectory("redis-cluster"), cli);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cluster.start(server);
            return cluster;
        } catch (RuntimeException | AssertionError e) {
            String logs = cluster.logs();
            cluster.close();
            throw new AssertionError("the Redis cluster did not start: " + e.getMessage() + "\n" + logs, e);
        }
    }

    private void start(String server) {
        int[] free = freePorts(2 * NODES);
        for (int i = 0; i < NODES; i++) {
            int port = free[2 * i];
            ports.add(port);
            servers.add(NativeProcess.start(dir.resolve("redis-" + port + ".log"), server,
                    "--port", String.valueOf(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                    "--cluster-port", String.valueOf(free[2 * i + 1]),
                    "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                    "--dir", dir.toString(), "--save", "", "--appendonly", "no"));
        }
        for (int port : ports) {
            Poll.until(() -> cli(port, "ping"), "PONG"::equals, READY, "redis-server on port " + port + " to answer");
        }
        List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
        ports.forEach(port -> create.add("127.0.0.1:" + port));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        NativeProcess.Result created = NativeProcess.run(dir, READY, create.toArray(new String[0]));
        if (created.exitCode() != 0) {
            throw new AssertionError("redis-cli --cluster create: " + created.output());
        }
        for (int port : ports) {
            Poll.until(() -> cli(port, "cluster", "info"), info -> info.contains("cluster_state:ok"), READY,
                    "node " + port + " to say cluster_state:ok");
        }
    }

    /** The nodes' client ports, in the order of {@code cluster create} (the first serves slot 0). */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The seed a client connects to. */
    public String seed() {
        return "127.0.0.1:" + ports.get(0);
    }

    /** The slot of a key: CRC16 (XMODEM) of its hash tag, or of the whole key without one, modulo 16384. */
    public static int slot(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        String hashed = close > open + 1 ? key.substring(open + 1, close) : key;
        int crc = 0;
        for (byte b : hashed.getBytes(StandardCharsets.UTF_8)) {
            crc ^= (b & 0xff) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return (crc & 0xffff) % 16384;
    }

    /** The port of the node that owns {@code slot}, as the first node's {@code CLUSTER NODES} says. */
    public int portServing(int slot) {
        for (String line : cli(ports.get(0), "cluster", "nodes").split("\n")) {
            String[] fields = line.trim().split(" ");
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                if (!fields[i].startsWith("[") && Integer.parseInt(range[0]) <= slot
                        && slot <= Integer.parseInt(range[range.length - 1])) {
                    return port(fields[1]);
                }
            }
        }
        throw new AssertionError("no node serves slot " + slot);
    }

    /**
     * Starts moving an empty {@code slot} to the node on {@code toPort}: its owner answers ASK for any key it does
     * not hold, until {@link #finishMoving}.
     */
    public void startMoving(int slot, int toPort) {
        int from = portServing(slot);
        ok(toPort, "cluster", "setslot", String.valueOf(slot), "importing", nodeId(from));
        ok(from, "cluster", "setslot", String.valueOf(slot), "migrating", nodeId(toPort));
    }

    /** Gives the (empty) {@code slot} to the node on {@code toPort}, on every node: the old owner answers MOVED. */
    public void finishMoving(int slot, int toPort) {
        String id = nodeId(toPort);
        ok(toPort, "cluster", "setslot", String.valueOf(slot), "node", id);
        for (int port : ports) {
            if (port != toPort) {
                ok(port, "cluster", "setslot", String.valueOf(slot), "node", id);
            }
        }
    }

    private String nodeId(int port) {
        return cli(port, "cluster", "myid");
    }

    private void ok(int port, String... command) {
        String reply = cli(port, command);
        if (!reply.equals("OK")) {
            throw new AssertionError("redis-cli -p " + port + " " + String.join(" ", command) + ": " + reply);
        }
    }

    private String cli(int port, String... command) {
        List<String> args = new ArrayList<>(List.of(cli, "-h", "127.0.0.1", "-p", String.valueOf(port)));
        args.addAll(List.of(command));
        return NativeProcess.run(dir, Duration.ofSeconds(10), args.toArray(new String[0])).output().trim();
    }

    private static int port(String address) {
        String hostPort = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /** {@code n} ports free right now (held together, so all differ), released for the servers to bind. */
    private static int[] freePorts(int n) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // released either way
                }
            }
        }
    }

    private static String requireProgram(String program) {
        for (String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(path, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String reason = program + " is not installed (Debian package redis-server), needed for a Redis cluster";
        if (Jdks.isCi()) {
            return Assertions.fail(reason + " (required under CI=true)");
        }
        System.out.println("[services] " + reason + "; skipping");
        return Assumptions.abort(reason + "; skipping");
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < servers.size(); i++) {
            out.append("--- redis-server ").append(ports.get(i)).append('\n').append(servers.get(i).log());
        }
        return out.toString();
    }

    /** Stops every server started (each waited for, killed if it lingers) and deletes the directory. */
    @Override
    public void close() {
        for (NativeProcess server : servers) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind
        }
    }
}
