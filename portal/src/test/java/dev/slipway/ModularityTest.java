package dev.slipway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.slipway.shared.Pure;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.slipway");

  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(SlipwayApplication.class).verify();
  }

  @Test
  void onlyTheClusterPackageTalksToAClusterClient() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.slipway.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8.kubernetes.client..", "io.fabric8.openshift.client..")
        .because("the cluster package is the only code that talks to a cluster (ARCHITECTURE.md)")
        .check(MAIN);
  }

  @Test
  void onlyTheSandboxNamesTheSandboxServer() {
    // The container image leaves the sandbox's server out; a class that names it in a signature
    // would fail to load (or to be introspected by Spring) there.
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.slipway.cluster.internal.Sandbox")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client.server.mock..", "io.fabric8.mockwebserver..")
        .because("the image leaves the sandbox out: only Sandbox may name it")
        .check(MAIN);
  }

  @Test
  void theLedgerDependsOnNoFeature() {
    noClasses()
        .that()
        .resideInAPackage("dev.slipway.audit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.slipway.catalog..",
            "dev.slipway.provisioning..",
            "dev.slipway.slo..",
            "dev.slipway.gate..",
            "dev.slipway.cluster..")
        .because("events carry what the ledger records (Audited); it asks no feature")
        .check(MAIN);
  }

  @Test
  void theGatePolicyIsPure() {
    noClasses()
        .that()
        .haveNameMatching("dev\\.slipway\\.gate\\.GatePolicy(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..", "java.sql..", "javax.sql..", "java.net..", "jakarta..")
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(java.time.InstantSource.class)
        .because("the decision is a pure function: budgets, freeze, override, change and now in")
        .check(MAIN);
  }

  @Test
  void theProvisioningRulesArePure() {
    // The state machine, the request rules and the plan decide; other classes do the I/O.
    noClasses()
        .that()
        .haveFullyQualifiedName("dev.slipway.provisioning.EnvironmentStateMachine")
        .or()
        .haveFullyQualifiedName("dev.slipway.provisioning.RequestRules")
        .or()
        .haveFullyQualifiedName("dev.slipway.provisioning.EnvironmentPlan")
        .or()
        .haveFullyQualifiedName("dev.slipway.provisioning.ReadinessRound")
        .or()
        .haveFullyQualifiedName("dev.slipway.provisioning.ExpiryChange")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "java.sql..",
            "javax.sql..",
            "io.fabric8..",
            "java.net.http..",
            "dev.slipway.cluster.internal..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.slipway.cluster.ClusterGateway")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.slipway.catalog.TemplateCatalog")
        .because("rules are pure classes with unit tests (HOUSE-STYLE.md)")
        .check(MAIN);
  }

  @Test
  void sloKnowsNoReleaseGate() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.slipway.slo..", "dev.slipway.shared..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.slipway.gate..")
        .because("the gate reads budgets and objectives from slo, never the other way round")
        .check(MAIN);
  }

  @Test
  void theReleaseGatesRefusalIsBuiltInOnePlace() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.slipway.gate.ReleaseGateProblems")
        .should()
        .accessField(org.springframework.http.HttpStatus.class, "LOCKED")
        .because("the gate's endpoint and a refused environment request give one answer")
        .check(MAIN);
  }

  @Test
  void theGateRulesWouldCatchWhatTheyForbid() {
    // Guards the rules above against passing vacuously: the service beside the policy takes a
    // clock, and the one place does build the 423.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .haveFullyQualifiedName("dev.slipway.gate.ReleaseGate")
                    .should()
                    .dependOnClassesThat()
                    .areAssignableTo(java.time.InstantSource.class)
                    .check(MAIN))
        .isInstanceOf(AssertionError.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                noClasses()
                    .should()
                    .accessField(org.springframework.http.HttpStatus.class, "LOCKED")
                    .check(MAIN))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void theRuleWouldCatchAClientImportOutsideTheClusterPackage() {
    // Guards the rule above against passing vacuously: the cluster package itself does import
    // the client, so the same rule applied to it must fail.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .resideInAPackage("dev.slipway.cluster..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.fabric8.kubernetes.client..")
                    .check(MAIN))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void theObjectiveModelAndTheRuleGeneratorArePure() {
    noClasses()
        .that()
        .resideInAPackage("dev.slipway.slo.rules..")
        .or()
        .belongToAnyOf(
            dev.slipway.slo.Indicator.class,
            dev.slipway.slo.SloWindow.class,
            dev.slipway.slo.Threshold.class,
            dev.slipway.slo.Objective.class,
            dev.slipway.slo.SloSection.class)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("org.springframework..", "java.sql..", "io.fabric8..", "java.net..")
                .or(equivalentTo(java.time.Clock.class)))
        .because(
            "objectives are read and rules generated by pure code, tested without Spring"
                + " (docs/architecture.md, SLOs)")
        .check(MAIN);
  }

  @Test
  void sloKnowsNothingOfTheCatalog() {
    noClasses()
        .that()
        .resideInAPackage("dev.slipway.slo..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.slipway.catalog..")
        .because(
            "the catalog calls the slo model to read a template's slo section, never the other"
                + " way (adr/0008-template-slo-format.md)")
        .check(MAIN);
  }

  // --- the house rules: views, the shell, pure rules, public types ---

  /** The feature modules: what users work with. cluster, security and shared serve them all. */
  static final List<String> FEATURES = List.of("catalog", "provisioning", "slo", "gate", "audit");

  static String moduleOf(JavaClass c) {
    String p = c.getPackageName();
    if (!p.startsWith("dev.slipway.")) {
      return p.equals("dev.slipway") ? "" : "<outside>";
    }
    String rest = p.substring("dev.slipway.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  @Test
  void viewsCallOnlyTheirOwnFeature() {
    for (String feature : FEATURES) {
      noClasses()
          .that()
          .resideInAPackage("dev.slipway." + feature + ".ui..")
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "a service (a Spring bean) of another feature",
                  (JavaClass c) ->
                      FEATURES.contains(moduleOf(c))
                          && !moduleOf(c).equals(feature)
                          && c.isMetaAnnotatedWith("org.springframework.stereotype.Component")))
          .because(
              "a view calls only its own feature's public services; their values may be"
                  + " another feature's types")
          .allowEmptyShould(true)
          .check(MAIN);
      noClasses()
          .that()
          .resideInAPackage("dev.slipway." + feature + ".ui..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.slipway." + feature + ".internal..")
          .because("a view calls its feature's public services, not its internals")
          .allowEmptyShould(true)
          .check(MAIN);
    }
  }

  @Test
  void theViewRuleWouldCatchAViewCallingAnotherFeature() {
    // Not vacuous: the request form's view does call provisioning's service, so the same rule
    // read from catalog's side (provisioning as "another feature") fails.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .resideInAPackage("dev.slipway.provisioning.ui..")
                    .should()
                    .dependOnClassesThat(
                        DescribedPredicate.describe(
                            "provisioning's services",
                            (JavaClass c) ->
                                moduleOf(c).equals("provisioning")
                                    && c.isMetaAnnotatedWith(
                                        "org.springframework.stereotype.Component")))
                    .check(MAIN))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void theShellKnowsNoFeature() {
    noClasses()
        .that()
        .resideInAPackage("dev.slipway.ui..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            FEATURES.stream().map(f -> "dev.slipway." + f + "..").toArray(String[]::new))
        .because("the shell (layout, navigation) is built from what features declare (@Menu)")
        .check(MAIN);
  }

  /** A class marked {@link Pure}, or nested in one (a rule's records and enums). */
  static final DescribedPredicate<JavaClass> PURE =
      DescribedPredicate.describe(
          "pure rules (@Pure, and the types nested in them)", (JavaClass c) -> isPure(c));

  static boolean isPure(JavaClass c) {
    if (c.isAnnotatedWith(Pure.class)) {
      return true;
    }
    return c.getEnclosingClass().map(ModularityTest::isPure).orElse(false);
  }

  /** What a rule may not use: frameworks, I/O, the cluster, the clock, or a bean that does I/O. */
  static boolean impure(JavaClass c) {
    String n = c.getName();
    return n.startsWith("org.springframework.")
        || n.startsWith("java.sql.")
        || n.startsWith("javax.sql.")
        || n.startsWith("io.fabric8.")
        || n.startsWith("java.net.http.")
        || n.startsWith("jakarta.servlet.")
        || n.startsWith("com.github.kagkarlsson.")
        || n.equals("java.time.Clock")
        || n.equals("java.time.InstantSource")
        || n.startsWith("java.nio.file.")
        || (n.startsWith("dev.slipway.")
            && (c.isMetaAnnotatedWith("org.springframework.stereotype.Component")
                || n.equals("dev.slipway.cluster.ClusterGateway")));
  }

  @Test
  void pureRulesImportNoFrameworkNoIoAndNoClock() {
    noClasses()
        .that(PURE)
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "Spring, JDBC, fabric8, HTTP, files, the scheduler, the clock, or a Slipway bean",
                ModularityTest::impure))
        .because("rules are pure classes: I/O executes what they decide (HOUSE-STYLE.md)")
        .check(MAIN);
  }

  @Test
  void theRulesTheIssueNamesAreMarkedPure() {
    Set<String> pure = new TreeSet<>();
    MAIN.stream().filter(c -> c.isAnnotatedWith(Pure.class)).forEach(c -> pure.add(c.getName()));
    assertThat(pure)
        .as("so that the rule above bites on them")
        .contains(
            "dev.slipway.provisioning.EnvironmentStateMachine",
            "dev.slipway.provisioning.RequestRules",
            "dev.slipway.provisioning.EnvironmentPlan",
            "dev.slipway.gate.GatePolicy",
            "dev.slipway.slo.rules.RuleGenerator",
            "dev.slipway.slo.SloSection");
  }

  @Test
  void thePureRuleWouldCatchAClock() {
    // Not vacuous: the same rule over the gate's service (which takes a clock) fails.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                noClasses()
                    .that()
                    .haveFullyQualifiedName("dev.slipway.gate.ReleaseGate")
                    .should()
                    .dependOnClassesThat(
                        DescribedPredicate.describe("impure", ModularityTest::impure))
                    .check(MAIN))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void publicOnlyWhatAnotherModuleUses() {
    classes()
        .that()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .and(
            DescribedPredicate.describe(
                "not the application", (JavaClass c) -> !c.getPackageName().equals("dev.slipway")))
        .should(beUsedByAnotherModule())
        .check(MAIN);
  }

  static final String LEDGER =
      "the ledger reads every event's record components by reflection, from its own package";

  /** Public though no other package names it, and why. */
  static final java.util.Map<String, String> PUBLIC_FOR_A_REASON =
      java.util.Map.of(
          "dev.slipway.cluster.internal.ClusterConnection",
          "the tests of every module look into the sandbox and inject faults through it",
          "dev.slipway.cluster.internal.Sandbox",
          "tests start sandbox servers of their own",
          "dev.slipway.gate.ReleaseFrozen",
          "provisioning catches it to count a refused request (a catch is no dependency to"
              + " ArchUnit)",
          "dev.slipway.catalog.CatalogEvents",
          LEDGER,
          "dev.slipway.provisioning.EnvironmentEvents",
          LEDGER,
          "dev.slipway.security.SecurityEvents",
          LEDGER);

  static boolean enclosedBy(JavaClass t, JavaClass outer) {
    return t.getEnclosingClass().map(e -> e.equals(outer) || enclosedBy(e, outer)).orElse(false);
  }

  /**
   * Used from another package: another module, or a sub-package of its own (a view of the module's
   * API, say), which Java only lets see public types.
   */
  static ArchCondition<JavaClass> beUsedByAnotherModule() {
    return new ArchCondition<>("be used from another package (else package-private)") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        String pkg = c.getPackageName();
        if (PUBLIC_FOR_A_REASON.containsKey(c.getName())) {
          return;
        }
        // A public nested type (an event, a choice) is reached through its enclosing type.
        boolean used =
            MAIN.stream()
                .filter(t -> t.equals(c) || enclosedBy(t, c))
                .flatMap(t -> t.getDirectDependenciesToSelf().stream())
                .anyMatch(d -> !d.getOriginClass().getPackageName().equals(pkg));
        boolean inherited =
            c.getAllSubclasses().stream().anyMatch(s -> !s.getPackageName().equals(pkg));
        if (!used && !inherited) {
          events.add(
              SimpleConditionEvent.violated(
                  c, c.getName() + " is public but no other package uses it"));
        }
      }
    };
  }

  // --- the module diagram in docs/architecture.md comes from the code ---

  @Test
  void theModuleDiagramInTheDocsIsTheCodes() throws java.io.IOException {
    java.nio.file.Path out = java.nio.file.Path.of("target", "spring-modulith-docs");
    new org.springframework.modulith.docs.Documenter(
            ApplicationModules.of(SlipwayApplication.class),
            org.springframework.modulith.docs.Documenter.Options.defaults()
                .withOutputFolder(out.toString()))
        .writeModulesAsPlantUml(
            org.springframework.modulith.docs.Documenter.DiagramOptions.defaults()
                .withStyle(
                    org.springframework.modulith.docs.Documenter.DiagramOptions.DiagramStyle.UML));
    String generated = java.nio.file.Files.readString(out.resolve("components.puml")).strip();
    java.nio.file.Path docs = java.nio.file.Path.of("..", "docs", "architecture.md");
    String text = java.nio.file.Files.readString(docs);
    String start =
        "<!-- module diagram: generated by ModularityTest, do not edit -->\n```plantuml\n";
    String end = "\n```\n<!-- end of module diagram -->";
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    assertThat(from)
        .as("docs/architecture.md holds the module diagram between its markers")
        .isNotNegative();
    assertThat(to).isGreaterThan(from);
    if (Boolean.getBoolean("slipway.docs.update")) {
      text = text.substring(0, from + start.length()) + generated + text.substring(to);
      java.nio.file.Files.writeString(docs, text);
      to = text.indexOf(end);
    }
    String inDocs = text.substring(from + start.length(), to);
    // Compared line by line in order of their text: the Documenter's order of modules varies.
    assertThat(inDocs.lines().sorted().toList())
        .as(
            "the module diagram in docs/architecture.md is Spring Modulith's Documenter's picture"
                + " of the code; after a change of modules, write it anew: ./mvnw -pl portal -am"
                + " test -Dtest=ModularityTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dslipway.docs.update=true")
        .isEqualTo(generated.lines().sorted().toList());
  }
}
