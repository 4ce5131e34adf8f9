package dev.slipway.catalog;

import dev.slipway.catalog.CatalogEvents.TemplateImported;
import dev.slipway.catalog.CatalogEvents.TemplatePolicyChanged;
import dev.slipway.catalog.CatalogEvents.TemplateStatusChanged;
import dev.slipway.catalog.internal.ExpressionValueGenerator;
import dev.slipway.catalog.internal.LineDiff;
import dev.slipway.catalog.internal.ObjectRules;
import dev.slipway.catalog.internal.PolicyValidator;
import dev.slipway.catalog.internal.TemplateLoader;
import dev.slipway.catalog.internal.TemplateProcessor;
import dev.slipway.catalog.internal.TemplateStore;
import dev.slipway.catalog.internal.TemplateValidator;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.CurrentUsers;
import dev.slipway.security.Role;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.InvalidRequestException;
import dev.slipway.shared.NotFoundException;
import dev.slipway.slo.SloSection;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The templates developers can choose from, and their curation by SREs: imports become immutable
 * versions; SREs publish, deprecate and retire them and set each template's policy. Developers see
 * the newest published version of each template.
 */
@Service
@EnableConfigurationProperties(CatalogProperties.class)
public class TemplateCatalog {

  private static final YAMLMapper YAML = new YAMLMapper();

  private final long maxParameterValueBytes;
  private final long maxTemplateBytes;
  private final TemplateStore store;
  private final CurrentUsers users;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final TransactionTemplate transaction;
  private final TemplateValidator validator;
  private final PolicyValidator policies;
  private final ExpressionValueGenerator generator =
      new ExpressionValueGenerator(new SecureRandom());
  private final TemplateProcessor processor = new TemplateProcessor(generator);

  private final ObjectRules rules;

  TemplateCatalog(
      TemplateStore store,
      CurrentUsers users,
      ApplicationEventPublisher events,
      Clock clock,
      TransactionTemplate transaction,
      CatalogProperties properties,
      @Value("${slipway.provisioning.max-ttl:P30D}") Duration globalMaxTtl) {
    this.store = store;
    this.users = users;
    this.events = events;
    this.clock = clock;
    this.transaction = transaction;
    this.rules = new ObjectRules(properties.kinds(), properties.maxReplicas());
    this.validator = new TemplateValidator(generator, properties.maxTemplateBytes(), rules);
    this.maxTemplateBytes = properties.maxTemplateBytes();
    this.maxParameterValueBytes = properties.maxParameterValueBytes();
    this.policies = new PolicyValidator(globalMaxTtl);
  }

  /** The newest published version of every template, by display name. */
  /** The largest template document an import takes ({@code slipway.catalog.max-template-bytes}). */
  public long maxTemplateBytes() {
    return maxTemplateBytes;
  }

  public List<CatalogTemplate> templates() {
    return store.newestWithStatus(TemplateStatus.PUBLISHED).stream()
        .map(TemplateCatalog::describe)
        .sorted(Comparator.comparing(CatalogTemplate::displayName))
        .toList();
  }

  /** The newest published version of the template. */
  public Optional<CatalogTemplate> find(String name) {
    return store.newestWithStatus(name, TemplateStatus.PUBLISHED).map(TemplateCatalog::describe);
  }

  /** Whether that version exists and is published. */
  public boolean isPublished(String name, int version) {
    return store
        .find(name, version)
        .map(s -> s.version().status() == TemplateStatus.PUBLISHED)
        .orElse(false);
  }

  /** A version in any status: an environment keeps the version it was made from. */
  public Optional<CatalogTemplate> find(String name, int version) {
    return store.find(name, version).map(TemplateCatalog::describe);
  }

  /**
   * Instantiates the newest published version as {@code oc process} would: values supplied here win
   * over the template's defaults, which win over generated values.
   *
   * @throws TemplateRenderException naming each parameter that is unknown, missing or invalid
   * @throws NotFoundException if no version of that name is published
   */
  public RenderedTemplate render(String name, Map<String, String> values) {
    TemplateStore.Stored stored =
        store
            .newestWithStatus(name, TemplateStatus.PUBLISHED)
            .orElseThrow(() -> new NotFoundException("No published template named " + name + "."));
    return render(stored, values);
  }

  /**
   * Instantiates a given version, which must be published: a request made from a form keeps the
   * version the form was built from.
   *
   * @throws NotFoundException if that version does not exist or is not published (any more)
   */
  public RenderedTemplate render(String name, int version, Map<String, String> values) {
    return render(published(name, version), values);
  }

  /**
   * Instantiates a given published version with generated values drawn from {@code random}: the
   * same source gives the same values, so provisioning that is resumed after a crash recreates
   * exactly what the interrupted attempt made, without the values ever being stored.
   *
   * @throws NotFoundException if that version does not exist or is not published (any more)
   */
  public RenderedTemplate render(
      String name, int version, Map<String, String> values, RandomGenerator random) {
    return render(
        published(name, version),
        values,
        new TemplateProcessor(new ExpressionValueGenerator(random)));
  }

  /**
   * The template a request names (a published version, or the newest published one) and what it
   * renders to, from one read of the store: the version described is the version rendered.
   *
   * @throws NotFoundException if no such version is published (any more)
   * @throws TemplateRenderException naming each parameter that is unknown, missing or invalid
   */
  public Requested renderRequested(
      String name, @org.jspecify.annotations.Nullable Integer version, Map<String, String> values) {
    TemplateStore.Stored stored =
        version == null
            ? store
                .newestWithStatus(name, TemplateStatus.PUBLISHED)
                .orElseThrow(
                    () -> new NotFoundException("No published template named " + name + "."))
            : published(name, version);
    return new Requested(describe(stored), render(stored, values));
  }

  /** A template version and its rendering. */
  public record Requested(CatalogTemplate template, RenderedTemplate rendered) {}

  private TemplateStore.Stored published(String name, int version) {
    return store
        .find(name, version)
        .filter(s -> s.version().status() == TemplateStatus.PUBLISHED)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "Version " + version + " of template " + name + " is not published."));
  }

  /**
   * A dry run: the objects the newest published version would create, with every Secret value and
   * every generated or secret parameter value masked.
   */
  public Preview preview(String name, Map<String, String> values) {
    return preview(render(name, values));
  }

  /** A dry run of a given published version. */
  public Preview preview(String name, int version, Map<String, String> values) {
    return preview(render(name, version, values));
  }

  private static Preview preview(RenderedTemplate rendered) {
    List<Map<String, Object>> masked = new ArrayList<>();
    for (Map<String, Object> object : rendered.objects()) {
      masked.add(Masking.mask(object, rendered));
    }
    return new Preview(rendered.templateName(), rendered.templateVersion(), masked);
  }

  /** What a dry run shows: no value in it is secret. */
  public record Preview(String template, int version, List<Map<String, Object>> objects) {

    /** The objects as one YAML document, as the request form's preview shows them. */
    public String yaml() {
      return YAML.writeValueAsString(objects);
    }
  }

  // --- curation, for SREs ---

  /** Every version of every template, for SREs. */
  public List<TemplateVersion> versions() {
    requireSre();
    return store.allVersions();
  }

  public List<TemplateVersion> versions(String name) {
    requireSre();
    List<TemplateVersion> versions = store.versions(name);
    if (versions.isEmpty()) {
      throw new NotFoundException("No template named " + name + ".");
    }
    return versions;
  }

  /**
   * Imports a YAML or JSON document (a Template, a List of them, or several YAML documents). Each
   * template becomes a new version of its name; all or nothing.
   *
   * @param publish publish the new versions at once instead of leaving them drafts
   * @throws TemplateRejectedException naming every problem, with its place in the document
   */
  public List<ImportedTemplate> importDocument(String document, boolean publish) {
    CurrentUser sre = requireSre();
    TemplateValidator.Result result = validator.check(document);
    if (!result.accepted()) {
      List<TemplateProblem> problems = result.allProblems();
      if (problems.stream().allMatch(TemplateProblem::warning)) {
        problems = new ArrayList<>(problems);
        problems.add(TemplateProblem.error("", "the document holds no template"));
      }
      throw new TemplateRejectedException(problems);
    }
    TemplateStatus status = publish ? TemplateStatus.PUBLISHED : TemplateStatus.DRAFT;
    // Names are locked in name order, so two imports of the same names never deadlock; events
    // are published inside the transaction, so a listener sees only what was stored.
    List<TemplateValidator.Checked> byName =
        result.templates().stream()
            .sorted(
                Comparator.comparing(
                    (TemplateValidator.Checked c) ->
                        c.template().path("metadata").path("name").asString()))
            .toList();
    Map<String, ImportedTemplate> stored =
        transaction.execute(
            tx -> {
              Map<String, ImportedTemplate> out = new java.util.HashMap<>();
              for (TemplateValidator.Checked checked : byName) {
                String name = checked.template().path("metadata").path("name").asString();
                TemplateVersion version =
                    store.add(
                        name, checked.template(), "import", status, sre.id(), clock.instant());
                out.put(
                    name,
                    new ImportedTemplate(name, version.version(), status, checked.problems()));
                events.publishEvent(
                    new TemplateImported(name, version.version(), "import", sre.id()));
              }
              return out;
            });
    // Answered in the document's order.
    List<ImportedTemplate> imported =
        result.templates().stream()
            .map(c -> stored.get(c.template().path("metadata").path("name").asString()))
            .toList();
    return imported;
  }

  /**
   * Moves a version to another status (publish, deprecate, retire).
   *
   * @throws ConflictException when the move is not allowed from its current status
   */
  public TemplateVersion changeStatus(String name, int version, TemplateStatus to) {
    CurrentUser sre = requireSre();
    TemplateVersion current =
        store
            .find(name, version)
            .orElseThrow(
                () -> new NotFoundException("No version " + version + " of template " + name + "."))
            .version();
    if (current.status() == to) {
      return current;
    }
    boolean moved =
        current.status().next().contains(to)
            && Boolean.TRUE.equals(
                transaction.execute(
                    tx -> {
                      if (!store.setStatus(
                          name, version, current.status(), to, sre.id(), clock.instant())) {
                        return false;
                      }
                      events.publishEvent(
                          new TemplateStatusChanged(name, version, current.status(), to, sre.id()));
                      return true;
                    }));
    if (!moved) {
      throw new ConflictException(
          "status",
          "Version "
              + version
              + " of "
              + name
              + " is "
              + current.status()
              + "; it can move to "
              + (current.status().next().isEmpty()
                  ? "nothing (retired is final)"
                  : current.status().next())
              + ", not "
              + to
              + ".");
    }
    return store.find(name, version).orElseThrow().version();
  }

  /** The template's policy; every template has one (open until an SRE sets it). */
  public TemplatePolicy policy(String name) {
    return store
        .policy(name)
        .orElseThrow(() -> new NotFoundException("No template named " + name + "."));
  }

  /**
   * Replaces the template's policy.
   *
   * @throws InvalidRequestException naming each invalid field
   */
  public TemplatePolicy updatePolicy(String name, TemplatePolicy policy) {
    CurrentUser sre = requireSre();
    TemplatePolicy before = policy(name);
    List<dev.slipway.shared.FieldProblem> problems = policies.check(policy);
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    transaction.executeWithoutResult(
        tx -> {
          store.savePolicy(name, policy, sre.id(), clock.instant());
          events.publishEvent(new TemplatePolicyChanged(name, before, policy, sre.id()));
        });
    return policy(name);
  }

  /** What changed from one version to another, in the template's parameters and objects. */
  public TemplateDiff diff(String name, int from, int to) {
    requireSre();
    JsonNode a = source(name, from);
    JsonNode b = source(name, to);
    return new TemplateDiff(
        name,
        from,
        to,
        LineDiff.diff(comparable(a), comparable(b)).stream()
            .map(l -> new TemplateDiff.Line(l.change(), l.text()))
            .toList());
  }

  /**
   * Stores the shipped curated templates as published baseline versions (see BaselineCatalog): a
   * new or changed one becomes the newest published version and deprecates the older baseline ones.
   * A template SREs have taken over (imported a version of, or changed a status of) is left alone.
   * Each name is judged under its row lock, so several instances starting at once agree.
   */
  public void loadBaseline(List<JsonNode> curated) {
    for (JsonNode source : curated) {
      String name = source.path("metadata").path("name").asString();
      transaction.executeWithoutResult(tx -> loadBaseline(name, source));
    }
  }

  private void loadBaseline(String name, JsonNode source) {
    store.lock(name, clock.instant());
    boolean takenOver =
        store.origins(name).contains("import")
            || store.statusChangers(name).stream().anyMatch(by -> !"slipway".equals(by));
    if (takenOver || store.checksums(name).contains(TemplateStore.checksum(source))) {
      return;
    }
    TemplateVersion added =
        store.add(name, source, "baseline", TemplateStatus.PUBLISHED, "slipway", clock.instant());
    events.publishEvent(new TemplateImported(name, added.version(), "baseline", "slipway"));
    for (TemplateVersion older : store.versions(name)) {
      if (older.version() < added.version()
          && "baseline".equals(older.origin())
          && older.status() == TemplateStatus.PUBLISHED
          && store.setStatus(
              name,
              older.version(),
              TemplateStatus.PUBLISHED,
              TemplateStatus.DEPRECATED,
              "slipway",
              clock.instant())) {
        events.publishEvent(
            new TemplateStatusChanged(
                name,
                older.version(),
                TemplateStatus.PUBLISHED,
                TemplateStatus.DEPRECATED,
                "slipway"));
      }
    }
  }

  private JsonNode source(String name, int version) {
    return store
        .find(name, version)
        .orElseThrow(
            () -> new NotFoundException("No version " + version + " of template " + name + "."))
        .source();
  }

  /**
   * Parameters, objects and labels as YAML, with literal secrets (Secret data, defaults of
   * secret-looking parameters) replaced by a mask and a short hash, so a change still shows.
   */
  private static String comparable(JsonNode original) {
    JsonNode template = original.deepCopy();
    for (JsonNode p : template.path("parameters")) {
      if (p instanceof ObjectNode parameter
          && TemplateParameter.looksSecret(p.path("name").asString(""))
          && p.path("value").isString()) {
        parameter.put("value", masked(p.path("value").asString()));
      }
    }
    for (JsonNode o : template.path("objects")) {
      if ("Secret".equals(o.path("kind").asString(""))) {
        for (String field : List.of("data", "stringData")) {
          if (o.path(field) instanceof ObjectNode values) {
            values.propertyNames().forEach(k -> values.put(k, masked(values.path(k).asString(""))));
          }
        }
      }
    }
    ObjectNode parts = JsonNodeFactory.instance.objectNode();
    parts.set(
        "parameters",
        template.path("parameters").isMissingNode()
            ? JsonNodeFactory.instance.arrayNode()
            : template.path("parameters"));
    parts.set(
        "objects",
        template.path("objects").isMissingNode()
            ? JsonNodeFactory.instance.arrayNode()
            : template.path("objects"));
    if (template.has("labels")) {
      parts.set("labels", template.path("labels"));
    }
    return YAML.writeValueAsString(parts);
  }

  private static String masked(String value) {
    return RenderedTemplate.MASK
        + " (sha256:"
        + TemplateStore.checksum(JsonNodeFactory.instance.stringNode(value)).substring(0, 8)
        + ")";
  }

  /**
   * Every value given, before anything is rendered from it (so before any rule quotes it): at most
   * {@code slipway.catalog.max-parameter-value-bytes}, and no NUL. The request, the dry run and the
   * form's preview all render here, so all refuse alike.
   */
  private void checkValues(Map<String, String> values) {
    List<ParameterProblem> problems = new ArrayList<>();
    values.forEach(
        (name, value) -> {
          if (value == null) {
            return;
          }
          if (value.length() > maxParameterValueBytes
              || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                  > maxParameterValueBytes) {
            problems.add(
                new ParameterProblem(
                    name,
                    "is longer than "
                        + maxParameterValueBytes / 1024
                        + " KiB, the most a parameter value may be"
                        + " (slipway.catalog.max-parameter-value-bytes)"));
          } else if (dev.slipway.shared.NulCharacters.in(value)) {
            problems.add(new ParameterProblem(name, dev.slipway.shared.NulCharacters.MESSAGE));
          }
        });
    if (!problems.isEmpty()) {
      throw new TemplateRenderException(problems);
    }
  }

  private RenderedTemplate render(TemplateStore.Stored stored, Map<String, String> values) {
    return render(stored, values, processor);
  }

  private RenderedTemplate render(
      TemplateStore.Stored stored, Map<String, String> values, TemplateProcessor processor) {
    checkValues(values);
    TemplateProcessor.Processed processed = processor.process(stored.source(), values);
    checkRendered(stored, processed);
    SloSection.Read slo =
        processed.slo().isEmpty()
            ? new SloSection.Read(List.of(), List.of())
            : SloSection.read(YAML.valueToTree(processed.slo()));
    if (!slo.problems().isEmpty()) {
      // The section passed the import's checks as written: a parameter's value made it unfit.
      throw new TemplateRenderException(
          slo.problems().stream()
              .map(
                  p ->
                      new ParameterProblem(
                          "slo", "slo " + p.field() + ": " + p.message() + " (after parameters)"))
              .toList());
    }
    return new RenderedTemplate(
        stored.version().name(),
        stored.version().version(),
        processed.objects(),
        processed.untypedParameters(),
        processed.sensitiveValues(),
        slo.objectives());
  }

  /**
   * The rendered objects once more, whatever the import let through (a version stored before a rule
   * existed, a baseline): every kind on the allow-list, and names, labels, replicas and ports as
   * Kubernetes accepts them. A value a parameter gave is that parameter's problem; anything else is
   * the template's, and no environment can be made from it.
   *
   * @throws InvalidRequestException (field {@code template}) naming each object the template may
   *     not create as written
   * @throws TemplateRenderException naming each parameter whose value does not fit where it landed
   */
  private void checkRendered(TemplateStore.Stored stored, TemplateProcessor.Processed processed) {
    RenderedTemplate redaction =
        new RenderedTemplate("", 0, List.of(), List.of(), processed.sensitiveValues(), List.of());
    List<dev.slipway.shared.FieldProblem> refused = new ArrayList<>();
    Map<String, ParameterProblem> byParameter = new java.util.LinkedHashMap<>();
    for (int i = 0; i < processed.objects().size(); i++) {
      JsonNode object = YAML.valueToTree(processed.objects().get(i));
      String at = "/objects/" + i;
      String what =
          object.path("kind").asString("")
              + " "
              + object.path("metadata").path("name").asString("");
      List<ObjectRules.Finding> confinement = rules.confinement(object);
      for (ObjectRules.Finding f : confinement) {
        refused.add(templateProblem(stored, at + f.pointer(), what, f, redaction));
      }
      if (!confinement.isEmpty()) {
        continue;
      }
      Map<String, java.util.Set<String>> origins = processed.origins().get(i);
      for (ObjectRules.Finding f : rules.fields(object)) {
        java.util.Set<String> parameters = origins.getOrDefault(f.pointer(), java.util.Set.of());
        if (parameters.isEmpty()) {
          refused.add(templateProblem(stored, at + f.pointer(), what, f, redaction));
        }
        for (String parameter : parameters) {
          byParameter.putIfAbsent(
              parameter,
              new ParameterProblem(
                  parameter,
                  redaction.redact(f.message() + " (" + what + ", at " + at + f.pointer() + ")")));
        }
      }
    }
    if (!refused.isEmpty()) {
      throw new InvalidRequestException(refused);
    }
    if (!byParameter.isEmpty()) {
      throw new TemplateRenderException(List.copyOf(byParameter.values()));
    }
  }

  /**
   * The template's problem, redacted: the object's rendered name and the value quoted may hold a
   * generated or secret parameter's value, and the message reaches the environment's status and the
   * audit ledger.
   */
  private static dev.slipway.shared.FieldProblem templateProblem(
      TemplateStore.Stored stored,
      String pointer,
      String what,
      ObjectRules.Finding f,
      RenderedTemplate redaction) {
    return new dev.slipway.shared.FieldProblem(
        "template",
        redaction.redact(
            "Template "
                + stored.version().name()
                + " version "
                + stored.version().version()
                + " cannot be used: "
                + pointer
                + " ("
                + what
                + "): "
                + f.message()));
  }

  private CurrentUser requireSre() {
    CurrentUser user = users.require();
    if (!user.has(Role.SRE)) {
      throw new AccessDeniedException("Only SREs may curate templates.");
    }
    return user;
  }

  private static CatalogTemplate describe(TemplateStore.Stored stored) {
    return TemplateLoader.parse(stored.source(), stored.version().version()).descriptor();
  }
}
