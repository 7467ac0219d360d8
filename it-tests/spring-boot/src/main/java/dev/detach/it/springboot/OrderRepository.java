package dev.detach.it.springboot;

import org.springframework.data.jpa.repository.JpaRepository;

/** The shop's orders. */
public interface OrderRepository extends JpaRepository<ShopOrder, Long> {}
