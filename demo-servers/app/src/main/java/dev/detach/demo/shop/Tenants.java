package dev.detach.demo.shop;

import jakarta.servlet.http.HttpServletRequest;

/** The tenant a request acts for: resolved by {@link RequestContextFilter}, read wherever it is needed. */
public final class Tenants {

  /** The request attribute that holds the tenant. */
  static final String ATTRIBUTE = "shop.tenant";

  private Tenants() {}

  /** The tenant named by the request's {@code X-Tenant} header; {@code public} without one. */
  static String resolve(String header) {
    return header == null || header.isBlank() ? "public" : header.trim();
  }

  /** The tenant of {@code request}, as the filter resolved it. */
  public static String of(HttpServletRequest request) {
    Object tenant = request.getAttribute(ATTRIBUTE);
    if (tenant == null) {
      throw new IllegalStateException("no tenant on the request (attribute " + ATTRIBUTE + " is not set)");
    }
    return (String) tenant;
  }
}
