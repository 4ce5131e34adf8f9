package dev.slipway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What `helm install` prints (NOTES.txt), rendered by a client-only dry run. */
class NotesTest {

  @Test
  void warnsAboutMissingSettingsTheUnsharedGeneratorKeyAndTheLedgersOwner() {
    String notes = install(i -> i.set("replicaCount", 1));

    assertThat(notes)
        .contains("oc -n slipway-system get route slipway")
        .contains("cookie slipway-route")
        .contains("WARNING: database.url is empty")
        .contains("oidc.issuerUri, oidc.clientId and oidc.existingSecret are all needed")
        .contains("NOTE: generatorKey.existingSecret is empty")
        .contains("WARNING: checkpointKey.existingSecret is empty")
        .contains("NOTE: migrations.existingSecret is empty");
  }

  @Test
  void saysNothingMoreWhenEverythingIsGiven() {
    String notes = install(i -> i.withValuesFile(RenderedChart.FULL_VALUES));

    assertThat(notes)
        .contains("The portal: https://slipway.apps.example.com")
        .contains("Impersonation is on")
        .contains("Migrations ran as the tables' owner in Job slipway-migrations")
        .contains("oc -n slipway-system logs job/slipway-migrations")
        .doesNotContain("WARNING", "NOTE:");
  }

  private static String install(UnaryOperator<InstallCommand> options) {
    return options
        .apply(
            new Helm(RenderedChart.CHART)
                .install()
                .withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE)
                .dryRun()
                .withDryRunOption(DryRun.CLIENT)
                .clientOnly())
        .call()
        .getOutput();
  }
}
