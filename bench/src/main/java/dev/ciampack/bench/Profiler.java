package dev.ciampack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server JVM spends its CPU over a stretch of a benchmark (Linux): CPU time by thread from
 * {@code /proc/<pid>/task}, and a Java Flight Recorder recording started and stopped with {@code jcmd}, summarized as
 * the methods most often on the sampled stacks (inclusive).
 */
final class Profiler {

    static final long TICKS_PER_SECOND = 100;
    /** Packages whose methods the summary lists: Keycloak's, the pack's and the libraries they spend time in. */
    static final String OWN = "(org\\.keycloak|dev\\.ciampack|freemarker|org\\.hibernate|com\\.sun\\.mail|jakarta\\.mail"
            + "|org\\.infinispan|de\\.mkammerer|org\\.bouncycastle|com\\.fasterxml|org\\.h2|org\\.apache\\.http).*";

    private final long pid;
    private final Path file;
    private Map<String, Long> ticksBefore;

    private Profiler(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    /**
     * Starts recording the JVM {@code pid} into {@code file} (replaced), with the JDK's {@code profile} settings less
     * the events that copy the JVM's environment variables and system properties into the recording: a server's
     * environment can hold secrets (the benchmark's servers get their bootstrap admin password that way).
     */
    static Profiler start(long pid, Path file) throws Exception {
        Profiler profiler = new Profiler(pid, file);
        Files.deleteIfExists(file);
        jcmd(pid, "JFR.start", "name=bench", "settings=" + settingsWithoutEnvironment(file), "filename=" + file);
        profiler.ticksBefore = threadTicks(pid);
        return profiler;
    }

    /**
     * Stops the recording and prints, for {@code what}: the CPU of the busiest threads divided by {@code per}
     * (e.g. per sign-in, or 1 for the whole stretch) and, for each of {@code threadNames} (regular expressions; ".*"
     * for all), the {@code limit} methods most often on the stacks of the threads whose name matches.
     */
    void stopAndPrint(String what, double per, String unit, int limit, String... threadNames) throws Exception {
        Map<String, Long> after = threadTicks(pid);
        jcmd(pid, "JFR.stop", "name=bench");
        System.out.printf(Locale.ROOT, "%nServer CPU %s by thread (ms%s, from /proc/%d/task):%n", what, unit, pid);
        after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - ticksBefore.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %8.1f  %s%n",
                        e.getValue() * 1000.0 / TICKS_PER_SECOND / per, e.getKey()));
        for (String threads : threadNames) {
            printHotMethods(what, threads, limit);
        }
    }

    private void printHotMethods(String what, String threads, int limit) throws IOException {
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null
                        || !String.valueOf(event.getThread("sampledThread") == null ? ""
                        : event.getThread("sampledThread").getJavaName()).matches(threads)) {
                    continue;
                }
                samples++;
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                    String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                    if (seen.add(method)) {
                        inclusive.merge(method, 1, Integer::sum);
                    }
                }
            }
        }
        int total = Math.max(1, samples);
        System.out.printf(Locale.ROOT, "%nWhere %s spends CPU (threads %s: %d samples, %s; share of samples with the "
                + "method on the stack):%n", what, threads, samples, file.getFileName());
        inclusive.entrySet().stream().filter(e -> e.getKey().matches(OWN))
                .sorted((a, b) -> b.getValue() - a.getValue()).limit(limit)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }

    /**
     * CPU ticks of each of the JVM's live threads so far, by {@code <thread id> <name without its numbers>} (Linux),
     * so that a thread that ended or was replaced meanwhile does not cancel another's time.
     */
    static Map<String, Long> ticksByThread(long pid) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException ended) {
                    // The thread ended meanwhile.
                }
            }
        }
        return ticks;
    }

    /**
     * CPU ticks so far of the processes a benchmark runs on this machine (Linux): {@code server} (the JVM {@code pid}),
     * {@code database} (the PostgreSQL server listening on {@code databasePort} and its backends, plus what its ended
     * children used; none when the database is in the server, as H2 is), {@code bench} (this JVM: the load generator
     * and the receiver), and from {@code /proc/stat} the machine's {@code busy} ticks (every process, the kernel's
     * interrupts included) and {@code steal} (time the hypervisor gave to other machines).
     */
    static Map<String, Long> processTicks(long pid, int databasePort) throws IOException {
        Map<String, Long> ticks = new java.util.TreeMap<>();
        ticks.put("server", processTicks(Path.of("/proc/" + pid + "/stat"), false));
        ticks.put("bench", processTicks(Path.of("/proc/self/stat"), false));
        long database = 0;
        if (databasePort > 0) {
            long postmaster = -1;
            Map<Long, Long> parentOf = new HashMap<>();
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        long id = Long.parseLong(process.getFileName().toString());
                        parentOf.put(id, Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]));
                        String command = Files.readString(process.resolve("cmdline")).replace('\0', ' ');
                        if (stat.contains("(postgres)") && command.matches(".*-p " + databasePort + "( .*|$)")) {
                            postmaster = id;
                        }
                    } catch (IOException | RuntimeException ended) {
                        // The process ended meanwhile.
                    }
                }
            }
            for (Map.Entry<Long, Long> process : parentOf.entrySet()) {
                if (postmaster > 0 && (process.getKey() == postmaster || process.getValue() == postmaster)) {
                    try {
                        database += processTicks(Path.of("/proc/" + process.getKey() + "/stat"),
                                process.getKey() == postmaster);
                    } catch (IOException ended) {
                        // The backend ended meanwhile (its time goes to the postmaster's children's).
                    }
                }
            }
        }
        ticks.put("database", database);
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i <= 8 && i < cpu.length; i++) {
            busy += i == 4 || i == 5 ? 0 : Long.parseLong(cpu[i]); // not idle, not iowait
        }
        ticks.put("steal", cpu.length > 8 ? Long.parseLong(cpu[8]) : 0);
        ticks.put("busy", busy - ticks.get("steal"));
        return ticks;
    }

    /** utime + stime of a process (all its threads), and with {@code children} those of its ended children too. */
    private static long processTicks(Path stat, boolean children) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return children ? used + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : used;
    }

    /** CPU ticks of the JVM's threads so far, summed by thread name without its numbers (Linux). */
    static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        ticksByThread(pid).forEach((thread, used) -> ticks.merge(thread.substring(thread.indexOf(' ') + 1), used,
                Long::sum));
        return ticks;
    }

    /** The JDK's {@code profile.jfc} with {@code jdk.InitialEnvironmentVariable} and {@code jdk.InitialSystemProperty} off. */
    static Path settingsWithoutEnvironment(Path recording) throws IOException {
        String profile = Files.readString(Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc"));
        for (String event : List.of("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty")) {
            String on = "<event name=\"" + event + "\">\n      <setting name=\"enabled\">true</setting>";
            if (!profile.contains(on)) {
                throw new IllegalStateException("the JDK's profile.jfc does not list " + event + " as expected");
            }
            profile = profile.replace(on, on.replace(">true<", ">false<"));
        }
        Path settings = recording.resolveSibling(recording.getFileName() + ".jfc");
        Files.writeString(settings, profile);
        return settings;
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + output);
        }
    }
}
