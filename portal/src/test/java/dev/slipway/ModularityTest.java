package dev.slipway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
            "dev.slipway.releasegate..",
            "dev.slipway.cluster..")
        .because("events carry what the ledger records (Audited); it asks no feature")
        .check(MAIN);
  }

  @Test
  void theGatePolicyIsPure() {
    noClasses()
        .that()
        .haveNameMatching("dev\\.slipway\\.releasegate\\.GatePolicy(\\$.*)?")
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
        .resideInAPackage("dev.slipway.releasegate..")
        .because("the gate reads budgets and objectives from slo, never the other way round")
        .check(MAIN);
  }

  @Test
  void theReleaseGatesRefusalIsBuiltInOnePlace() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("dev.slipway.releasegate.ReleaseGateProblems")
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
                    .haveFullyQualifiedName("dev.slipway.releasegate.ReleaseGate")
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
}
