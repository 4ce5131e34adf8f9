package dev.slipway;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The dev profile's database: an embedded PostgreSQL whose data survives restarts in {@code
 * slipway.dev.database-directory} (empty: a throw-away directory, as the tests use). Only when no
 * {@code spring.datasource.url} is configured.
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class DevDatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DevDatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(@Value("${slipway.dev.database-directory:}") String directory)
      throws IOException {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (!directory.isBlank()) {
      Path data = Path.of(directory);
      Files.createDirectories(data);
      builder.setDataDirectory(data).setCleanDataDirectory(false);
      log.info("Embedded PostgreSQL keeps its data in {}", data);
    }
    return builder.start();
  }

  @Bean
  DataSource dataSource(EmbeddedPostgres postgres) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    dataSource.setUsername("postgres");
    dataSource.setMaximumPoolSize(5);
    dataSource.setPoolName("slipway-dev");
    // As in production (application.yaml): a database that is away is reported within seconds.
    dataSource.setConnectionTimeout(3000);
    dataSource.setValidationTimeout(1000);
    return dataSource;
  }
}
