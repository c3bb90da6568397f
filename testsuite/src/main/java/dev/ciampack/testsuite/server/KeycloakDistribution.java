package dev.ciampack.testsuite.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An unpacked Keycloak distribution with the pack installed and {@code kc.sh build} run.
 *
 * <p>Each flavour (for instance {@code h2}, {@code postgres}, {@code demo}) has its own folder under
 * the install root, so servers with different build options never rebuild each other. The zip is
 * unpacked once; {@code kc.sh build} runs only when the provider jars' bytes or the build options
 * change (a stamp file records both). A file lock keeps two builds on one machine apart.
 */
public final class KeycloakDistribution {

    private static final String STAMP = ".ciam-build-stamp";
    private static final String UNPACKED = ".ciam-unpacked";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    private final Path home;
    private final Path flavourDir;

    private KeycloakDistribution(Path flavourDir, Path home) {
        this.flavourDir = flavourDir;
        this.home = home;
    }

    /**
     * Unpacks (if needed) and builds (if needed) a distribution.
     *
     * @param flavour      folder name for this combination of build options
     * @param buildOptions options for {@code kc.sh build}, e.g. {@code --db=postgres}
     * @param providers    jars to install into {@code providers/} (any other jar there is removed)
     */
    public static KeycloakDistribution prepare(String flavour, List<String> buildOptions, List<Path> providers) {
        String version = HarnessSettings.keycloakVersion();
        Path flavourDir = HarnessSettings.installRoot().resolve(version).resolve(flavour);
        Path home = flavourDir.resolve("keycloak-" + version);
        try {
            Files.createDirectories(flavourDir);
            try (FileChannel channel = FileChannel.open(flavourDir.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                KeycloakDistribution distribution = new KeycloakDistribution(flavourDir, home);
                distribution.unpackIfNeeded(HarnessSettings.distributionZip());
                distribution.buildIfNeeded(buildOptions, providers);
                return distribution;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Keycloak in " + home, e);
        }
    }

    /** The Keycloak home folder ({@code bin/}, {@code conf/}, {@code providers/} ...). */
    public Path home() {
        return home;
    }

    /** The folder holding this flavour: pid files and server data live beside the home. */
    public Path flavourDir() {
        return flavourDir;
    }

    private void unpackIfNeeded(Path zip) throws IOException {
        if (Files.exists(home.resolve(UNPACKED))) {
            return;
        }
        deleteTree(home);
        log("unpacking " + zip.getFileName() + " into " + flavourDir);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = flavourDir.resolve(entry.getName()).normalize();
                if (!target.startsWith(flavourDir)) {
                    throw new IOException("zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
            scripts.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true));
        }
        Files.writeString(home.resolve(UNPACKED), zip.toString());
    }

    private void buildIfNeeded(List<String> buildOptions, List<Path> providers) throws IOException {
        String stamp = stamp(buildOptions, providers);
        Path stampFile = home.resolve(STAMP);
        if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return;
        }
        Files.deleteIfExists(stampFile);
        Path providersDir = home.resolve("providers");
        Files.createDirectories(providersDir);
        try (Stream<Path> old = Files.list(providersDir)) {
            for (Path jar : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Files.delete(jar);
            }
        }
        for (Path jar : providers) {
            Files.copy(jar, providersDir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.add("build");
        command.addAll(buildOptions);
        Path buildLog = flavourDir.resolve("build.log");
        log("kc.sh build " + String.join(" ", buildOptions) + " (log: " + buildLog + ")");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(buildLog.toFile());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx1g");
        builder.environment().put("JAVA_OPTS_APPEND", "-Djava.io.tmpdir=" + HarnessSettings.tmpDir());
        Process process = builder.start();
        try {
            if (!process.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("kc.sh build did not finish in " + BUILD_TIMEOUT
                        + "; see " + buildLog);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during kc.sh build", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("kc.sh build failed with exit code " + process.exitValue()
                    + ":\n" + tail(buildLog, 40));
        }
        Files.writeString(stampFile, stamp);
    }

    static String stamp(List<String> buildOptions, List<Path> providers) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join("\n", buildOptions).getBytes(StandardCharsets.UTF_8));
            for (Path jar : providers.stream().sorted(Comparator.comparing(Path::getFileName)).toList()) {
                digest.update(jar.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(jar)) {
                    byte[] buffer = new byte[64 * 1024];
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, read);
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Deletes a folder and everything below it; a missing folder is fine. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void log(String message) {
        System.out.println("[ciam-harness] " + message);
    }
}
