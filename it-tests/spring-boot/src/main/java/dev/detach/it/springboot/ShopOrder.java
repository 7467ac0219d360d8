package dev.detach.it.springboot;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An order as the shop stores it. */
@Entity
public class ShopOrder {
  @Id
  @GeneratedValue
  private Long id;
  private String item;
  private String customer;

  protected ShopOrder() {}

  ShopOrder(String item, String customer) {
    this.item = item;
    this.customer = customer;
  }

  Long getId() {
    return id;
  }
}
