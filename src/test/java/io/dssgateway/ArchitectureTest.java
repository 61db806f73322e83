package io.dssgateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: {@code upstream ← holder → hub ← sse ← api ← ops}, {@code cluster} between
 * {@code holder} and {@code ops}, {@code history} on the hub (a tap below it; read by {@code api}), with {@code auth}
 * beside them and {@code config}/{@code common}/{@code vertx} below everything. {@code hub} knows neither SSE nor
 * the DSS wire types; {@code sse} knows nothing of DSS; only {@code ops} wires packages together. Only
 * {@code vertx} touches Vert.x's internals and Netty's channels (the seam a Vert.x upgrade is checked at).
 */
class ArchitectureTest {

  /** For each package, the project packages it may use (besides itself). */
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("config", Set.of()),
          Map.entry("common", Set.of()),
          Map.entry("vertx", Set.of()),
          Map.entry("upstream", Set.of("config", "common", "vertx")),
          Map.entry("hub", Set.of("config", "common", "vertx")),
          Map.entry("holder", Set.of("hub", "upstream", "config", "common", "vertx")),
          Map.entry("sse", Set.of("hub", "config", "common", "vertx")),
          Map.entry("auth", Set.of("upstream", "config", "common", "vertx")),
          Map.entry("history", Set.of("hub", "config", "common", "vertx")),
          Map.entry(
              "api",
              Set.of("sse", "hub", "history", "auth", "upstream", "config", "common", "vertx")),
          Map.entry("sim", Set.of("config", "common", "vertx")),
          Map.entry("cluster", Set.of("holder", "hub", "upstream", "config", "common", "vertx")),
          Map.entry(
              "ops",
              Set.of(
                  "api",
                  "sse",
                  "hub",
                  "history",
                  "holder",
                  "cluster",
                  "auth",
                  "upstream",
                  "sim",
                  "config",
                  "common",
                  "vertx")));

  /** The one package that may use Vert.x's internals and Netty beyond its buffers. */
  private static final String SEAM = "io.dssgateway.vertx..";

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dssgateway");
  }

  @Test
  void everyPackageIsKnown() {
    Set<String> packages = new TreeSet<>();
    main.forEach(
        c ->
            packages.add(
                c.getPackageName().replaceFirst("^io\\.dssgateway\\.?", "").split("\\.")[0]));
    org.assertj.core.api.Assertions.assertThat(ALLOWED.keySet()).containsAll(packages);
  }

  @Test
  void dependenciesPointOneWay() {
    for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
      List<String> forbidden =
          ALLOWED.keySet().stream()
              .filter(p -> !p.equals(e.getKey()) && !e.getValue().contains(p))
              .map(p -> "io.dssgateway." + p + "..")
              .toList();
      if (!forbidden.isEmpty()) {
        noClasses()
            .that()
            .resideInAPackage("io.dssgateway." + e.getKey() + "..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(forbidden.toArray(String[]::new))
            .because(e.getKey() + " may use only " + e.getValue())
            .check(main);
      }
    }
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.dssgateway.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void theHubStaysFreeOfNettyAndWebTypes() {
    noClasses()
        .that()
        .resideInAPackage("io.dssgateway.hub..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx.ext.web..", "io.netty..", "io.vertx.core.http..")
        .because("the hub routes events; how they reach browsers is the sse package's business")
        .check(main);
  }

  @Test
  void onlyTheSeamUsesVertxInternalsAndNettyBeyondItsBuffers() {
    noClasses()
        .that()
        .resideOutsideOfPackage(SEAM)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("io.vertx.core.internal..", "io.vertx..impl..")
                .or(resideInAPackage("io.netty..").and(not(resideInAPackage("io.netty.buffer..")))))
        .because(
            "what Vert.x does not promise to keep stays in "
                + SEAM
                + ", where VertxSeamContractTest checks it;"
                + " ByteBuf, the shared bytes of the fan-out, is Netty's public buffer API")
        .check(main);
  }
}
