package dev.detach.it.carriers.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.context.annotation.RequestScope;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** The application: Spring MVC, {@code @Async} on a pool of one thread, a request-scoped bean. */
@Configuration
@EnableWebMvc
@EnableAsync
public class SpringApp {

  @Bean
  @RequestScope
  public RequestData requestData() {
    return new RequestData();
  }

  @Bean
  public AsyncWork asyncWork(RequestData requestData) {
    return new AsyncWork(requestData);
  }

  @Bean
  public WorkController workController(RequestData requestData, AsyncWork asyncWork) {
    return new WorkController(requestData, asyncWork);
  }

  /** {@code @Async}'s executor: one thread, so that the check after the tasks looks at the thread they ran on. */
  @Bean
  public ThreadPoolTaskExecutor taskExecutor() {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setCorePoolSize(1);
    executor.setMaxPoolSize(1);
    executor.setThreadNamePrefix("async-");
    return executor;
  }
}
