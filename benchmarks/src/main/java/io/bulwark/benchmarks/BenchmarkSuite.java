package io.bulwark.benchmarks;

import io.bulwark.benchmarks.report.BenchmarkReport;
import io.bulwark.benchmarks.report.JmhResult;
import io.bulwark.benchmarks.report.Target;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark group side by side and writes the report: JMH's JSON, {@code README.md} and
 * the chart of the targets.
 *
 * <pre>{@code
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.bulwark.benchmarks.BenchmarkSuite          # quick: about 20 minutes on 2 cores
 * java -cp benchmarks/target/benchmarks.jar io.bulwark.benchmarks.BenchmarkSuite full     # more forks and iterations
 * java -cp benchmarks/target/benchmarks.jar io.bulwark.benchmarks.BenchmarkSuite report benchmarks/results/quick.json
 * java -cp benchmarks/target/benchmarks.jar io.bulwark.benchmarks.BenchmarkSuite http 12  # the HTTP targets alone, in 12 rounds
 * }</pre>
 *
 * <p>{@code report} renders an earlier run's JSON again without running JMH (the heap report still
 * runs, in its own JVM). {@code http} runs only the HTTP throughput benchmarks, in as many rounds as
 * asked (default 8; about two minutes each), and prints their targets with every round's
 * ratio, without touching the report: one round's ratio moves by several points on a shared machine,
 * so judge those targets on many rounds.
 *
 * <p>The report goes to {@code benchmarks/} when run from the repository's root, else to the working
 * directory. The Redis group runs only when {@code redis-server} is on the PATH.
 */
public final class BenchmarkSuite {

    /** The HTTP throughput benchmarks, run in rounds. */
    private static final List<String> HTTP_CLASSES = List.of("ServletThroughputBenchmark", "JaxrsThroughputBenchmark");

    /** The HTTP benchmarks' methods, in the order of even rounds: with Bulwark, then without. */
    private static final List<String> HTTP_SIDES = List.of("withBulwark", "withoutBulwark");

    private BenchmarkSuite() {
    }

    /**
     * Runs the suite.
     *
     * @param args {@code quick} (the default), {@code full}, {@code report <json>} or
     *     {@code http [rounds]}
     * @throws Exception if a benchmark or the report fails
     */
    public static void main(String[] args) throws Exception {
        Path out = Files.isDirectory(Path.of("benchmarks", "src")) ? Path.of("benchmarks") : Path.of(".");
        if (args.length == 2 && args[0].equalsIgnoreCase("report")) {
            Path json = Path.of(args[1]);
            String name = json.getFileName().toString();
            write(out, JmhResult.parse(Files.readString(json, StandardCharsets.UTF_8)), suiteText(name.startsWith("full"),
                    name));
            return;
        }
        if (args.length >= 1 && args[0].equalsIgnoreCase("http")) {
            int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
            }
            Path scratch = Files.createTempDirectory("bulwark-http-rounds");
            List<JmhResult> all = merge(runHttpRounds(HTTP_CLASSES, rounds, false, scratch),
                    scratch.resolve("http.json"));
            for (Target target : Target.all()) {
                for (Target.Check check : target.check(all)) {
                    System.out.println(target.description() + ": " + target.measuredText(check) + ", "
                            + (check.met() ? "met" : "not met"));
                }
            }
            System.out.println("JSON: " + scratch.resolve("http.json").toAbsolutePath());
            return;
        }
        boolean full = args.length > 0 && args[0].equalsIgnoreCase("full");
        Path results = out.resolve("results");
        Files.createDirectories(results);
        Path json = results.resolve(full ? "full.json" : "quick.json");

        List<String> groups = new ArrayList<>(List.of("TokenVerificationBenchmark", "TokenVerificationBenchmarkNoEdDsa",
                "PipelineBenchmark"));
        if (onPath("redis-server")) {
            groups.add("RedisRateLimitBenchmark");
        }
        List<Path> parts = new ArrayList<>();
        parts.add(run(groups, 1, full, results.resolve("part-groups.json")));
        // Requests per second over real sockets move more from fork to fork than anything else here
        // (two cores shared by client, server, JIT and GC; single iterations of the same fork differ by
        // 10%), and drift over a run would fall on one side if JMH ran every fork of one benchmark before
        // the other's: rounds of one fork each, the order flipped from round to round.
        parts.addAll(runHttpRounds(HTTP_CLASSES, full ? 6 : 4, full, results));
        // The keyed rate-limit decisions, once per thread count.
        // Two forks even when quick: one fork of 1-s iterations once put the keyed decision at 190 ± 78
        // ns where a 2-fork run of the same code gave 76 ± 9.
        parts.add(runTwoForks("RateLimitBenchmark", 1, full, results.resolve("part-ratelimit-1.json")));
        parts.add(runTwoForks("RateLimitBenchmark", 2, full, results.resolve("part-ratelimit-2.json")));
        // The sanitizer's targets are ratios to OWASP whose floor moved ±20% in one fork of three 1-s
        // iterations (plain text read 19.7x, 19.9x and 20.3x of it on the same code): two forks too.
        parts.add(runTwoForks("SanitizerBenchmark", 1, full, results.resolve("part-sanitizer.json")));

        List<JmhResult> all = merge(parts, json);
        write(out, all, suiteText(full, json.getFileName().toString()));
    }

    /** Joins the parts' JSON into one file, deletes the parts, and returns their rows. */
    private static List<JmhResult> merge(List<Path> parts, Path json) throws IOException, ParseException {
        List<JmhResult> all = new ArrayList<>();
        StringBuilder merged = new StringBuilder("[");
        for (Path part : parts) {
            String text = Files.readString(part, StandardCharsets.UTF_8).trim();
            all.addAll(JmhResult.parse(text));
            if (text.length() > 2) {
                merged.append(merged.length() > 1 ? "," : "").append(text, 1, text.length() - 1);
            }
            Files.delete(part);
        }
        Files.writeString(json, merged.append(']').toString(), StandardCharsets.UTF_8);
        return all;
    }

    private static String suiteText(boolean full, String json) {
        return (full ? "full" : "quick") + " (" + (full ? "2 forks, 5 warm-up and 5 measured iterations"
                : "1 fork, 2 warm-up and 3 measured iterations of 1 s; the rate-limit and sanitizer benchmarks 2 forks")
                + "; the HTTP throughput benchmarks in "
                + (full ? "6 rounds of one fork a side, 8 warm-up iterations of 2 s and 5 measured of 3 s"
                        : "4 rounds of one fork a side, 6 warm-up iterations of 2 s and 4 measured of 3 s")
                + ", the side that runs first alternating"
                + "); JSON: `results/" + json + "`";
    }

    private static void write(Path out, List<JmhResult> results, String suite) throws IOException, InterruptedException {
        BenchmarkReport.Output report = BenchmarkReport.render(results, machine(), suite);
        String heap = heapReport();
        Files.writeString(out.resolve("README.md"), report.markdown() + heap, StandardCharsets.UTF_8);
        Files.writeString(out.resolve(BenchmarkReport.CHART), report.svg(), StandardCharsets.UTF_8);
        System.out.println("Report: " + out.resolve("README.md").toAbsolutePath());
    }

    private static Path run(List<String> classes, int threads, boolean full, Path json) throws RunnerException {
        return run(classes, threads, json, options -> {
            if (full) {
                options.forks(2).warmupIterations(5).measurementIterations(5);
            } else {
                options.forks(1).warmupIterations(2).measurementIterations(3)
                        .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
            }
        });
    }

    private static Path runTwoForks(String benchmark, int threads, boolean full, Path json) throws RunnerException {
        return run(List.of(benchmark), threads, json, options -> {
            options.forks(2).warmupIterations(full ? 5 : 2).measurementIterations(full ? 5 : 3);
            if (!full) {
                options.warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
            }
        });
    }

    /**
     * The HTTP benchmarks in rounds: in each, one fork with Bulwark and one without, side by side in
     * time, the first side alternating; the report joins the rounds and lists each round's ratio. The
     * guarded contexts were still compiling after 6 s (a first measured second 12% under the next
     * ones): 12 s of warm-up and 3-s iterations even when quick.
     */
    private static List<Path> runHttpRounds(List<String> classes, int rounds, boolean full, Path results)
            throws RunnerException {
        List<Path> parts = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String name : classes) {
                List<String> sides = round % 2 == 0 ? HTTP_SIDES : List.of(HTTP_SIDES.get(1), HTTP_SIDES.get(0));
                for (String side : sides) {
                    Path json = results.resolve("part-http-" + round + "-" + name + "-" + side + ".json");
                    parts.add(run(List.of(name + "." + side), 1, json, options -> options.forks(1)
                            .warmupIterations(full ? 8 : 6).warmupTime(TimeValue.seconds(2))
                            .measurementIterations(full ? 5 : 4).measurementTime(TimeValue.seconds(3))));
                }
            }
        }
        return parts;
    }

    private static Path run(List<String> classes, int threads, Path json, Consumer<ChainedOptionsBuilder> settings)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .threads(threads)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .shouldFailOnError(true);
        for (String name : classes) {
            // A class (every method) or one method of it: "Class" or "Class.method".
            options.include("io\\.bulwark\\.benchmarks\\." + name.replace(".", "\\.") + (name.contains(".") ? "$" : "\\."));
        }
        settings.accept(options);
        new Runner(options.build()).run();
        return json;
    }

    /** The heap held by 1,000,000 keys, measured in a JVM of its own with a fixed heap. */
    private static String heapReport() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xms2g", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                RateLimitHeapReport.class.getName()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            return "\n## Heap per 1,000,000 keys\n\nThe heap report failed:\n\n```\n" + output + "```\n";
        }
        return "\n## Heap per 1,000,000 keys\n\n`RateLimitHeapReport`, in a JVM with a fixed 2 GB heap "
                + "(the second round of each):\n\n```\n" + output.trim() + "\n```\n";
    }

    private static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.availableProcessors() + " CPUs, " + runtime.maxMemory() / (1024 * 1024) + " MB max heap, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/bin", binary.toLowerCase(Locale.ROOT)));
    }
}
