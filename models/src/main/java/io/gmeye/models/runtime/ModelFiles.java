package io.gmeye.models.runtime;

import io.gmeye.models.manifest.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The folder models are installed into; finds a manifest's file and checks its sha256 before anything loads it. */
public final class ModelFiles {
    private final Path dir;

    public ModelFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The model's file, verified; or why it cannot be used and how to install it. */
    public Path verified(ModelManifest m) {
        Path file = dir.resolve(m.file());
        if (!Files.isRegularFile(file)) {
            throw new ModelUnavailableException(m.name(), "not installed: " + file + " is missing. Install it with " + m.install());
        }
        String have = sha256(file);
        if (!m.sha256().contains(have)) {
            throw new ModelUnavailableException(m.name(), file + " has sha256 " + have + ", not one the manifest accepts "
                    + m.sha256() + ": the file is damaged or a different export. Reinstall it with " + m.install());
        }
        return file;
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
