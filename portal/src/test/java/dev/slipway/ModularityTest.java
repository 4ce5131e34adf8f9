package dev.slipway;

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
}
