package io.gmeye.rigs.camera;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gmeye.protocols.codec.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Simulated RTSP cameras: GStreamer's RTSP server (rtsp_server.py, run by Debian's python) serving
 * clips on many mounts on 127.0.0.1, over TCP and UDP. It offers the faults tests need: kill and
 * restart on the same port, freeze the whole server (SIGSTOP) or one mount (no frames, session up),
 * a mount that does not exist, and a password when configured with one.
 *
 * <p>The server reads commands on its stdin and stops when stdin closes, so it never outlives the
 * JVM that started it.
 */
public final class RtspCameraServer implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";

    private final Map<String, Clip> mounts;
    private final String user;
    private final String password;
    private final Path workDir;
    private Process process;
    private OutputStream commands;
    private BlockingQueue<String> replies;
    private int port;

    private RtspCameraServer(Map<String, Clip> mounts, String user, String password, Path workDir) {
        this.mounts = Map.copyOf(mounts);
        this.user = user;
        this.password = password;
        this.workDir = workDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mounts are named without the leading slash: "cam1" serves rtsp://127.0.0.1:PORT/cam1. */
    public static final class Builder {
        private final Map<String, Clip> mounts = new LinkedHashMap<>();
        private String user;
        private String password;
        private int port;
        private String address = "127.0.0.1";
        private boolean digest;

        /** Where to listen: loopback by default (tests); 0.0.0.0 for a rig other boxes reach (compose). */
        public Builder address(String listenOn) {
            this.address = listenOn;
            return this;
        }

        /** A fixed port (default: a free one). */
        public Builder port(int fixed) {
            this.port = fixed;
            return this;
        }

        public Builder mount(String name, Clip clip) {
            mounts.put(checkMountName(name), clip);
            return this;
        }

        /** Every mount then asks for this user and password. */
        public Builder auth(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** Every mount then asks for this user and password with Digest (RFC 2617) only, as many IP cameras do. */
        public Builder digestAuth(String user, String password) {
            this.digest = true;
            return auth(user, password);
        }

        public RtspCameraServer start() {
            if (mounts.isEmpty()) {
                throw new IllegalArgumentException("an RTSP server needs at least one mount");
            }
            try {
                RtspCameraServer server = new RtspCameraServer(mounts, user, password, Files.createTempDirectory("gmeye-rtsp"));
                server.address = address;
                server.digest = digest;
                server.launch(port);
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String address = "127.0.0.1";
    private boolean digest;

    /** A mount is one path segment: rtsp://host:port/NAME. */
    static String checkMountName(String name) {
        if (name.isBlank() || name.contains("/") || name.contains(" ")) {
            throw new IllegalArgumentException("mount name '" + name + "': no slashes or spaces");
        }
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The URL of a mount, with the configured credentials if any. */
    public String url(String mount) {
        return user == null ? plainUrl(mount) : url(mount, user, password);
    }

    /** The URL of a mount with the given credentials (a wrong password for auth tests). */
    public String url(String mount, String asUser, String withPassword) {
        return "rtsp://" + asUser + ":" + withPassword + "@127.0.0.1:" + port + "/" + mount;
    }

    /** The URL of a mount without credentials. */
    public String plainUrl(String mount) {
        return "rtsp://127.0.0.1:" + port + "/" + mount;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** The server dies at once (SIGKILL): clients see their connections drop. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Starts the server again on the same port, after {@link #kill()}. */
    public void restart() {
        kill();
        launch(port);
    }

    /** The whole server stops answering (SIGSTOP): connections stay open, nothing flows. */
    public void freeze() {
        signal("STOP");
    }

    /** Undoes {@link #freeze()} (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    /** One mount stops sending frames while its sessions and the server stay up. */
    public void pause(String mount) {
        command("pause /" + mount);
    }

    public void resume(String mount) {
        command("resume /" + mount);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            thaw(); // a frozen server cannot read its quit
            try {
                commands.close(); // stdin closed: the server quits by itself
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        deleteQuietly(workDir);
    }

    private void launch(int onPort) {
        try {
            Path script = workDir.resolve("rtsp_server.py");
            try (InputStream in = RtspCameraServer.class.getResourceAsStream("rtsp_server.py")) {
                if (in == null) {
                    throw new IllegalStateException("rtsp_server.py is not on the classpath (test-rigs resources)");
                }
                Files.write(script, in.readAllBytes());
            }
            Path config = workDir.resolve("config.json");
            Files.writeString(config, config(onPort));
            if (!Files.isExecutable(Path.of(PYTHON))) {
                throw new IllegalStateException(PYTHON + " is missing: install python3-gi and gir1.2-gst-rtsp-server-1.0");
            }
            process = new ProcessBuilder(PYTHON, script.toString(), config.toString())
                    .redirectError(workDir.resolve("server.log").toFile())
                    .start();
            commands = process.getOutputStream();
            replies = new LinkedBlockingQueue<>();
            Process started = process;
            BlockingQueue<String> lines = replies;
            Thread reader = new Thread(() -> readLines(started, lines), "rtsp-server-out");
            reader.setDaemon(true);
            reader.start();
            String ready = lines.poll(30, TimeUnit.SECONDS);
            if (ready == null || !ready.startsWith("READY port=")) {
                process.destroyForcibly();
                throw new IllegalStateException("RTSP server did not start (" + ready + "): " + log());
            }
            port = Integer.parseInt(ready.split("[= ]")[2]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the RTSP server: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the RTSP server", e);
        }
    }

    private String config(int onPort) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("address", address);
        root.put("port", onPort);
        if (user != null) {
            root.putObject("auth").put("user", user).put("password", password).put("digest", digest);
        }
        ArrayNode list = root.putArray("mounts");
        mounts.forEach((name, clip) -> list.addObject()
                .put("path", "/" + name)
                .put("file", clip.file().toString())
                .put("fps", clip.fps()));
        return root.toString();
    }

    private static void readLines(Process p, BlockingQueue<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the server died: callers see it in running() and in missing replies
        }
    }

    private void command(String line) {
        if (!running()) {
            throw new IllegalStateException("the RTSP server is not running");
        }
        try {
            commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
            String reply = replies.poll(5, TimeUnit.SECONDS);
            if (reply == null || !reply.startsWith("OK")) {
                throw new IllegalStateException("RTSP server refused '" + line + "': " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void signal(String name) {
        if (!running()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("server.log")).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
