package dev.detach.it.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/** A small shop: orders saved through JPA (H2), and an {@code @Async} audit that keeps the request it was given. */
@SpringBootApplication
@EnableAsync
public class ShopApplication {
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
