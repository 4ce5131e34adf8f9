package dev.slipway.audit;

import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checkpoint key and the recurring task that signs the chain's head. Checkpoints are written by
 * this task only, never by a read (a page, an export, a verification): reading the ledger changes
 * nothing, and the checkpoints' rhythm does not depend on anyone looking.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

  @Bean
  CheckpointSigner checkpointSigner(AuditProperties properties) {
    return CheckpointSigner.fromBase64(properties.checkpointKey());
  }

  /** One instance at a time signs the head, every {@code slipway.audit.checkpoint-interval}. */
  @Bean
  Task<Void> auditCheckpointTask(AuditLedger ledger, AuditProperties properties) {
    return Tasks.recurring("audit-checkpoint", FixedDelay.of(properties.checkpointInterval()))
        .execute((instance, context) -> ledger.checkpoint());
  }
}
