package io.gmeye.rigs.disk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own (tmpfs) that a test can fill up: how a site box's disk or a
 * hub's disk runs full. Mounting needs root; {@link #available()} says whether this machine allows it.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    public static boolean available() {
        try {
            Path probe = Files.createTempDirectory("gmeye-disk-probe");
            try (SmallDisk d = mount(probe, 1)) {
                return d != null;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir}. */
    public static SmallDisk mount(Path dir, int megabytes) throws IOException {
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    public long freeBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Takes all but {@code leaveBytes} of the free space with a filler file; delete it to give the space back. */
    public Path fill(long leaveBytes) throws IOException {
        Path filler = dir.resolve("filler-" + System.nanoTime());
        long size = Math.max(0, freeBytes() - leaveBytes);
        try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
            byte[] chunk = new byte[1 << 20];
            long written = 0;
            while (written < size) {
                int n = (int) Math.min(chunk.length, size - written);
                try {
                    f.write(chunk, 0, n);
                } catch (IOException full) {
                    break; // it is full: that is the point
                }
                written += n;
            }
        }
        return filler;
    }

    private static void run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + new String(p.getInputStream().readAllBytes()).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        run("umount", "-l", dir.toString());
    }
}
