package dev.detach.demo.shop;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/** Who made a request. */
public final class Users {

  private Users() {}

  /**
   * The authenticated user if the container knows one, else the user the authenticating proxy in front of the
   * shop names in {@code X-User}, else {@code anonymous}.
   */
  public static String of(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    if (principal != null) {
      return principal.getName();
    }
    String user = request.getHeader("X-User");
    return user != null ? user : "anonymous";
  }
}
