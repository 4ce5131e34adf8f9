package dev.slipway.provisioning.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextField;
import dev.slipway.provisioning.Environment;
import dev.slipway.provisioning.EnvironmentLifecycle;
import dev.slipway.provisioning.ExpiryChange;
import dev.slipway.shared.FieldProblem;
import dev.slipway.shared.InvalidRequestException;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Extending adds to the current expiry: presets or a duration of one's own, and the resulting
 * expiry shown before the user confirms. Shortening is for the API, asked for explicitly.
 */
final class ExtendDialog {

  private final EnvironmentLifecycle lifecycle;
  private final Clock clock;
  private final Environment e;
  private final Runnable extended;

  /**
   * @param extended what the page does once the environment is extended (show it again)
   */
  ExtendDialog(EnvironmentLifecycle lifecycle, Clock clock, Environment e, Runnable extended) {
    this.lifecycle = lifecycle;
    this.clock = clock;
    this.e = e;
    this.extended = extended;
  }

  void open() {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Extend " + e.name());
    dialog.setWidth("34em");
    Paragraph now =
        new Paragraph(
            "Expires "
                + Formats.time(e.expiresAt())
                + " ("
                + Formats.relative(e.expiresAt(), clock.instant())
                + ").");
    RadioButtonGroup<String> by = new RadioButtonGroup<>("Keep it longer by");
    by.setId("extend-by");
    Map<String, String> presets = new java.util.LinkedHashMap<>();
    presets.put("PT12H", "12 hours");
    presets.put("P1D", "1 day");
    presets.put("P3D", "3 days");
    presets.put("P7D", "1 week");
    presets.put("", "Other");
    by.setItems(presets.keySet());
    by.setItemLabelGenerator(presets::get);
    by.setValue("P1D");
    TextField other = new TextField("Other duration");
    other.setId("extend-other");
    other.setPlaceholder("e.g. P2D or PT36H");
    other.setHelperText("ISO-8601 duration added to the current expiry.");
    other.setWidthFull();
    other.setVisible(false);
    other.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.LAZY);
    Paragraph result = new Paragraph();
    result.setId("extend-result");
    Button confirm = new Button("Extend");
    confirm.setId("extend-confirm");
    confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);

    Runnable preview =
        () -> {
          other.setVisible(by.getValue() != null && by.getValue().isEmpty());
          other.setInvalid(false);
          try {
            java.time.Instant to =
                lifecycle.previewExtension(e, chosen(by.getValue(), other.getValue()), false);
            result.setText(
                "New expiry: "
                    + Formats.time(to)
                    + " ("
                    + Formats.relative(to, clock.instant())
                    + ").");
            result.removeClassName("error-text");
            confirm.setEnabled(true);
          } catch (InvalidRequestException problems) {
            String why =
                problems.problems().stream()
                    .map(FieldProblem::message)
                    .collect(Collectors.joining("; "));
            // Said once: at the field when the user typed it, else where the result goes.
            if (other.isVisible()) {
              other.setErrorMessage(why);
              other.setInvalid(true);
              result.setText("");
            } else {
              result.setText("Cannot extend: " + why);
              result.addClassName("error-text");
            }
            confirm.setEnabled(false);
          }
        };
    by.addValueChangeListener(change -> preview.run());
    other.addValueChangeListener(change -> preview.run());
    confirm.addClickListener(
        click -> {
          try {
            lifecycle.extend(e.id(), chosen(by.getValue(), other.getValue()), false, e.expiresAt());
            dialog.close();
            extended.run();
          } catch (InvalidRequestException problems) {
            result.setText(
                "Cannot extend: "
                    + problems.problems().stream()
                        .map(FieldProblem::message)
                        .collect(Collectors.joining("; ")));
            result.addClassName("error-text");
          } catch (RuntimeException refused) {
            result.setText(String.valueOf(refused.getMessage()));
            result.addClassName("error-text");
          }
        });
    preview.run();
    VerticalLayout body = new VerticalLayout(now, by, other, result);
    body.setPadding(false);
    dialog.add(body);
    dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), confirm);
    dialog.open();
  }

  private static ExpiryChange chosen(String preset, String other) {
    return ExpiryChange.parse(preset == null || preset.isEmpty() ? other : preset, null, null);
  }
}
