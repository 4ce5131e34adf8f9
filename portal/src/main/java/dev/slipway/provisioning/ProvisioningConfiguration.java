package dev.slipway.provisioning;

import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProvisioningProperties.class)
@org.springframework.scheduling.annotation.EnableScheduling
class ProvisioningConfiguration {

  /**
   * Bounded: at most four environments are worked on at once; the rest queue. It takes the
   * DataSource so that Spring stops it (letting running steps finish) before the database pool.
   */
  @Bean
  ThreadPoolTaskExecutor provisioningExecutor(DataSource dataSource) {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setCorePoolSize(4);
    executor.setMaxPoolSize(4);
    executor.setQueueCapacity(1_000);
    executor.setThreadNamePrefix("provisioning-");
    executor.setWaitForTasksToCompleteOnShutdown(true);
    executor.setAwaitTerminationSeconds(30);
    return executor;
  }
}
