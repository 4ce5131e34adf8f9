package dev.slipway.gate;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.slipway.slo.PrometheusProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recurring look at every service's budgets, one instance at a time. */
@Configuration(proxyBeanMethods = false)
class ReleaseGateConfiguration {

  @Bean
  Task<Void> releaseGatesTask(ReleaseGate gate, PrometheusProperties prometheus) {
    Duration every =
        prometheus.refresh() == null || prometheus.refresh().compareTo(Duration.ofSeconds(30)) < 0
            ? Duration.ofMinutes(1)
            : prometheus.refresh();
    return Tasks.recurring("release-gates", FixedDelay.of(every))
        .execute((instance, context) -> gate.evaluateAll());
  }
}
