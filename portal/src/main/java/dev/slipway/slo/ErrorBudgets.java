package dev.slipway.slo;

import dev.slipway.slo.internal.PrometheusClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Error budgets read from Prometheus, from the recording rules every SLO's generated rules hold
 * (Sloth's names): the whole fleet in three queries whatever its size, cached for {@code
 * slipway.prometheus.refresh}; the three run at once. When Prometheus cannot be asked, answers say
 * why instead of failing, so views keep working.
 */
@Service
@EnableConfigurationProperties(PrometheusProperties.class)
public class ErrorBudgets {

  static final String REMAINING = "slo:period_error_budget_remaining:ratio";
  static final String BURN_RATE = "slo:current_burn_rate:ratio";
  static final String OBJECTIVE = "slo:objective:ratio";

  /**
   * One SLO's budget.
   *
   * @param objective the target ratio, e.g. 0.999
   * @param remaining share of the period's error budget left: 1 untouched, 0 spent, below 0
   *     overspent
   * @param burnRate how fast the budget burns now: 1 spends it exactly over the period
   */
  public record Budget(
      String service, String slo, double objective, double remaining, double burnRate) {}

  /**
   * Every SLO's budget, least remaining first.
   *
   * @param readAt when the budgets shown were read from Prometheus; null if never
   * @param problem why budgets are unknown (Prometheus not configured or not answering); null when
   *     they were read
   * @param queries how many queries the read took
   */
  public record Fleet(
      List<Budget> budgets, @Nullable Instant readAt, @Nullable String problem, int queries) {

    public boolean known() {
      return problem == null;
    }

    public Optional<Budget> of(String service, String slo) {
      return budgets.stream()
          .filter(b -> b.service().equals(service) && b.slo().equals(slo))
          .findFirst();
    }
  }

  /** Budget remaining over time, oldest first; {@code problem} as in {@link Fleet}. */
  public record BurnDown(List<Point> points, @Nullable String problem) {}

  public record Point(Instant at, double remaining) {}

  private static final String NOT_CONFIGURED =
      "No Prometheus is configured (slipway.prometheus.url), so error budgets are unknown.";

  private final @Nullable PrometheusClient prometheus;
  private final Duration refresh;
  private final Clock clock;
  private volatile @Nullable Fleet cached;

  /** When budgets were last asked for, on the monotonic clock (the wall clock may jump). */
  private volatile long lookedAtNanos;

  private volatile boolean looked;

  /** When budgets were last read successfully, on the monotonic clock; 0 with {@code read}. */
  private volatile long readAtNanos;

  private volatile boolean readOnce;
  private final ReentrantLock refreshing = new ReentrantLock();

  ErrorBudgets(PrometheusProperties properties, Clock clock) {
    this.prometheus =
        properties.url() == null || properties.url().isBlank()
            ? null
            : new PrometheusClient(
                URI.create(properties.url().strip()),
                properties.timeoutOrDefault(),
                properties.bearerToken(),
                properties.username(),
                properties.password());
    this.refresh = properties.refreshOrDefault();
    this.clock = clock;
  }

  /**
   * The fleet's budgets, read again when the last look is older than the refresh interval. One
   * caller reads at a time; the others wait for that answer instead of asking Prometheus too.
   */
  public Fleet fleet() {
    Fleet fleet = cached;
    if (fleet != null && fresh()) {
      return fleet;
    }
    long asked = System.nanoTime();
    refreshing.lock();
    try {
      // Someone else read while this caller waited: their answer is newer than the question.
      if (cached != null && looked && lookedAtNanos - asked >= 0) {
        return cached;
      }
      return read();
    } finally {
      refreshing.unlock();
    }
  }

  /** How long ago budgets were last read from Prometheus successfully; empty if never. */
  public Optional<Duration> sinceLastRead() {
    return readOnce
        ? Optional.of(Duration.ofNanos(System.nanoTime() - readAtNanos))
        : Optional.empty();
  }

  private boolean fresh() {
    return looked && System.nanoTime() - lookedAtNanos <= refresh.toNanos();
  }

  /**
   * Reads the fleet's budgets now. When Prometheus cannot be asked, the budgets read last stay,
   * with the problem.
   */
  public Fleet read() {
    Fleet fleet = readFromPrometheus();
    lookedAtNanos = System.nanoTime();
    looked = true;
    if (fleet.known()) {
      readAtNanos = lookedAtNanos;
      readOnce = true;
    }
    cached = fleet;
    return fleet;
  }

  private Fleet readFromPrometheus() {
    if (prometheus == null) {
      return new Fleet(List.of(), null, NOT_CONFIGURED, 0);
    }
    long before = prometheus.queriesSent();
    try {
      // The three queries at once: a refresh takes one round trip, not three.
      List<List<PrometheusClient.Sample>> answers;
      try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
        var remaining = executor.submit(() -> prometheus.query(REMAINING));
        var burnRate = executor.submit(() -> prometheus.query(BURN_RATE));
        var objective = executor.submit(() -> prometheus.query(OBJECTIVE));
        answers = List.of(answer(remaining), answer(burnRate), answer(objective));
      }
      Map<String, Double> burnRates = byService(answers.get(1));
      Map<String, Double> objectives = byService(answers.get(2));
      List<Budget> budgets = new ArrayList<>();
      for (PrometheusClient.Sample sample : answers.get(0)) {
        String service = sample.labels().getOrDefault("sloth_service", "");
        String slo = sample.labels().getOrDefault("sloth_slo", "");
        String key = service + "/" + slo;
        budgets.add(
            new Budget(
                service,
                slo,
                objectives.getOrDefault(key, Double.NaN),
                sample.value(),
                burnRates.getOrDefault(key, Double.NaN)));
      }
      budgets.sort(
          Comparator.comparingDouble((Budget b) -> Double.isNaN(b.remaining()) ? 2 : b.remaining())
              .thenComparing(Budget::service)
              .thenComparing(Budget::slo));
      return new Fleet(
          List.copyOf(budgets), clock.instant(), null, (int) (prometheus.queriesSent() - before));
    } catch (PrometheusClient.Unavailable e) {
      // The budgets last read stay, with when they were read.
      return new Fleet(
          cached == null ? List.of() : cached.budgets(),
          cached == null ? null : cached.readAt(),
          e.getMessage(),
          (int) (prometheus.queriesSent() - before));
    }
  }

  /**
   * An SLO's budget left over {@code period} with some windows left out: the SLI's 5-minute error
   * ratio over the period (one range query), averaged over the moments outside the windows, as
   * Sloth's period ratio averages all of them. Empty when Prometheus cannot be asked or has no
   * data.
   *
   * @param leftOut whether the ratio sampled at a moment is to be left out (it reflects the five
   *     minutes before it)
   */
  public Optional<Double> remainingExcluding(
      String service,
      String slo,
      double errorBudget,
      Duration period,
      java.util.function.Predicate<Instant> leftOut) {
    if (prometheus == null) {
      return Optional.empty();
    }
    Instant end = clock.instant();
    try {
      List<PrometheusClient.Series> series =
          prometheus.queryRange(
              "slo:sli_error:ratio_rate5m{sloth_service=\""
                  + escape(service)
                  + "\",sloth_slo=\""
                  + escape(slo)
                  + "\"}",
              end.minus(period),
              end,
              Duration.ofMinutes(5));
      double sum = 0;
      int counted = 0;
      for (PrometheusClient.Series s : series) {
        for (PrometheusClient.Point p : s.points()) {
          if (Double.isNaN(p.value()) || leftOut.test(p.at())) {
            continue;
          }
          sum += p.value();
          counted++;
        }
      }
      return counted == 0 ? Optional.empty() : Optional.of(1 - (sum / counted) / errorBudget);
    } catch (PrometheusClient.Unavailable e) {
      return Optional.empty();
    }
  }

  /** How one SLO's remaining budget went over {@code period}, one point per {@code step}. */
  public BurnDown burnDown(String service, String slo, Duration period, Duration step) {
    if (prometheus == null) {
      return new BurnDown(List.of(), NOT_CONFIGURED);
    }
    Instant end = clock.instant();
    try {
      List<PrometheusClient.Series> series =
          prometheus.queryRange(
              REMAINING
                  + "{sloth_service=\""
                  + escape(service)
                  + "\",sloth_slo=\""
                  + escape(slo)
                  + "\"}",
              end.minus(period),
              end,
              step);
      return new BurnDown(
          series.isEmpty()
              ? List.of()
              : series.getFirst().points().stream().map(p -> new Point(p.at(), p.value())).toList(),
          null);
    } catch (PrometheusClient.Unavailable e) {
      return new BurnDown(List.of(), e.getMessage());
    }
  }

  private static List<PrometheusClient.Sample> answer(Future<List<PrometheusClient.Sample>> query) {
    try {
      return query.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PrometheusClient.Unavailable unavailable) {
        throw unavailable;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Double> byService(List<PrometheusClient.Sample> samples) {
    Map<String, Double> out = new HashMap<>();
    for (PrometheusClient.Sample s : samples) {
      out.put(
          s.labels().getOrDefault("sloth_service", "")
              + "/"
              + s.labels().getOrDefault("sloth_slo", ""),
          s.value());
    }
    return out;
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
