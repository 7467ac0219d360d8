package dev.detach.it.springboot;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** POST /orders saves an order and leaves its audit to the background; GET /audits tells what an audit read. */
@RestController
public class ShopController {
  private final OrderRepository orders;
  private final Audit audit;

  ShopController(OrderRepository orders, Audit audit) {
    this.orders = orders;
    this.audit = audit;
  }

  @PostMapping("/orders")
  public String order(@RequestParam("item") String item, HttpServletRequest request) {
    String key = request.getHeader("X-Request-Id");
    ShopOrder saved = orders.save(new ShopOrder(item, key));
    audit.record(key, request);
    return "order " + saved.getId();
  }

  @GetMapping("/audits")
  public ResponseEntity<String> audit(@RequestParam("key") String key) {
    String seen = Audit.SEEN.get(key);
    return seen == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(seen);
  }
}
