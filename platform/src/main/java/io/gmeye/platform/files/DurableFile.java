package io.gmeye.platform.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A small state file replaced whole: written to a temporary file, synced, then renamed over the
 * old one and the folder synced, so a crash leaves the old content or the new, never a torn file.
 */
public final class DurableFile {
    private DurableFile() {
    }

    /** @param what says in an error what could not be kept ("the configuration") */
    public static void write(Path file, byte[] content, String what) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself is durable
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep " + what + " in " + file + ": " + e.getMessage(), e);
        }
    }
}
