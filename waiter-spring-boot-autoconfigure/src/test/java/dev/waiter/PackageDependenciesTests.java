package dev.waiter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import dev.waiter.server.WaiterServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the module's packages, read from the compiled classes by the JDK's own
 * dependency analyser ({@code jdeps}, run in process): the API ({@code dev.waiter}) below
 * the events and the framing, below the server and its sub-packages, below the
 * auto-configuration, below the actuator and observation support. A class may use its own
 * layer and the ones below, never one above; the server's sub-packages never use the
 * server's core package, which puts them together; and no two packages use each other,
 * directly or round a longer cycle. A new package must be given its layer here.
 */
class PackageDependenciesTests {

	/** Each package's layer, lowest first; {@code .*} stands for every sub-package. */
	private static final Map<String, Integer> LAYERS = Map.of("dev.waiter", 0, "dev.waiter.event", 1,
			"dev.waiter.frame", 1, "dev.waiter.server", 2, "dev.waiter.server.*", 2, "dev.waiter.autoconfigure", 3, "dev.waiter.autoconfigure.*", 3,
			"dev.waiter.actuate", 4, "dev.waiter.observation", 4);

	private static final String CORE = "dev.waiter.server";

	/** Which packages each package's classes use, and the first class dependency seen for each. */
	private static final Map<String, Map<String, String>> uses = new TreeMap<>();

	@BeforeAll
	static void readTheCompiledClasses() throws Exception {
		Path classes = Path.of(WaiterServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-e", "dev\\.waiter\\..*",
				classes.toString());
		assertThat(exit).as("jdeps: %s", err).isZero();
		Pattern line = Pattern.compile("^\\s+([\\w.$]+)\\s+->\\s+([\\w.$]+)\\s");
		for (String row : out.toString().split("\\R")) {
			Matcher matcher = line.matcher(row);
			if (matcher.find()) {
				String from = matcher.group(1);
				String to = matcher.group(2);
				String fromPackage = packageOf(from);
				String toPackage = packageOf(to);
				if (!fromPackage.equals(toPackage) && toPackage.startsWith("dev.waiter")) {
					uses.computeIfAbsent(fromPackage, (key) -> new TreeMap<>()).putIfAbsent(toPackage, from + " -> " + to);
				}
			}
		}
		assertThat(uses).as("dependencies read from %s", classes).containsKey(CORE);
	}

	@Test
	void everyPackageHasItsLayer() {
		Set<String> packages = new TreeSet<>(uses.keySet());
		uses.values().forEach((targets) -> packages.addAll(targets.keySet()));
		assertThat(packages).allSatisfy((name) -> assertThat(layer(name)).as(name).isNotNegative());
	}

	@Test
	void noPackageUsesALayerAboveItsOwn() {
		List<String> upward = new ArrayList<>();
		uses.forEach((from, targets) -> targets.forEach((to, example) -> {
			if (layer(to) > layer(from)) {
				upward.add(from + " -> " + to + " (" + example + ")");
			}
		}));
		assertThat(upward).isEmpty();
	}

	@Test
	void noSubPackageOfTheServerUsesTheServersCorePackage() {
		List<String> inward = new ArrayList<>();
		uses.forEach((from, targets) -> {
			if (from.startsWith(CORE + ".") && targets.containsKey(CORE)) {
				inward.add(from + " -> " + CORE + " (" + targets.get(CORE) + ")");
			}
		});
		assertThat(inward).isEmpty();
	}

	@Test
	void noPackagesUseEachOtherDirectlyOrRoundACycle() {
		List<List<String>> cycles = new ArrayList<>();
		Map<String, Integer> state = new LinkedHashMap<>();
		for (String start : uses.keySet()) {
			findCycles(start, new ArrayList<>(), state, cycles);
		}
		assertThat(cycles).isEmpty();
	}

	/** Depth first; a package met again while it is on the path closes a cycle. */
	private static void findCycles(String name, List<String> path, Map<String, Integer> state,
			List<List<String>> cycles) {
		Integer seen = state.get(name);
		if (seen != null && seen == 2) {
			return;
		}
		if (seen != null) {
			List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
			cycle.add(name);
			cycles.add(cycle);
			return;
		}
		state.put(name, 1);
		path.add(name);
		for (String next : uses.getOrDefault(name, Map.of()).keySet()) {
			findCycles(next, path, state, cycles);
		}
		path.remove(path.size() - 1);
		state.put(name, 2);
	}

	private static int layer(String name) {
		Integer exact = LAYERS.get(name);
		if (exact != null) {
			return exact;
		}
		int dot = name.lastIndexOf('.');
		while (dot > 0) {
			Integer parent = LAYERS.get(name.substring(0, dot) + ".*");
			if (parent != null) {
				return parent;
			}
			dot = name.lastIndexOf('.', dot - 1);
		}
		return -1;
	}

	private static String packageOf(String className) {
		int dot = className.lastIndexOf('.');
		return (dot < 0) ? "" : className.substring(0, dot);
	}

}
