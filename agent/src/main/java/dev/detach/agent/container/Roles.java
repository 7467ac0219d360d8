package dev.detach.agent.container;

import java.lang.invoke.MethodHandle;
import java.util.Collection;

/**
 * The authenticated user's roles as a container keeps them beside the request, in an object that
 * outlives it: Jetty's {@code UserIdentity} (9.4 to 12), Undertow's {@code Account}. Tomcat's principal
 * tells its roles itself (see {@link RequestCopy}). Role names are checked as given: a servlet's
 * {@code security-role-ref} mapping is not applied after completion.
 */
final class Roles {

  private static final Getter USER_IDENTITY = new Getter("getUserIdentity");
  private static final Getter AUTHENTICATION_STATE = new Getter("getAuthenticationState");
  private static final Getter AUTHENTICATION = new Getter("getAuthentication");
  private static final Getter EXCHANGE = new Getter("getExchange");
  private static final Getter SECURITY_CONTEXT = new Getter("getSecurityContext");
  private static final Getter ACCOUNT = new Getter("getAuthenticatedAccount");
  private static final Getter ACCOUNT_ROLES = new Getter("getRoles");

  private final Object identity;
  private final MethodHandle check;
  private final boolean scoped;
  private final Collection<?> roles;

  private Roles(Object identity, MethodHandle check, boolean scoped, Collection<?> roles) {
    this.identity = identity;
    this.check = check;
    this.scoped = scoped;
    this.roles = roles;
  }

  /** Found at completion from the live servlet request, or null when its container keeps no such object. */
  static Roles oracle(Object request) {
    try {
      Object identity = USER_IDENTITY.get(request);
      if (identity == null) {
        Object auth = AUTHENTICATION_STATE.get(request);
        if (auth == null) {
          auth = AUTHENTICATION.get(request);
        }
        identity = USER_IDENTITY.get(auth);
      }
      if (identity != null) {
        MethodHandle plain = PublicMethods.virtual(identity.getClass(), "isUserInRole", String.class);
        if (plain != null) {
          return new Roles(identity, plain, false, null);
        }
        Class<?> scope = PublicMethods.load(identity.getClass(), "org.eclipse.jetty.server.UserIdentity$Scope");
        MethodHandle withScope = scope == null ? null
            : PublicMethods.virtual(identity.getClass(), "isUserInRole", String.class, scope);
        if (withScope != null) {
          return new Roles(identity, withScope, true, null);
        }
      }
      Object roles = ACCOUNT_ROLES.get(ACCOUNT.get(SECURITY_CONTEXT.get(EXCHANGE.get(request))));
      if (roles instanceof Collection) {
        return new Roles(null, null, false, java.util.Set.copyOf((Collection<?>) roles));
      }
    } catch (Throwable t) {
      // no roles to tell
    }
    return null;
  }

  boolean has(String role) {
    if (roles != null) {
      return roles.contains(role);
    }
    try {
      return (Boolean) (scoped ? check.invoke(identity, role, null) : check.invoke(identity, role));
    } catch (Throwable t) {
      throw new IllegalStateException(RequestCopy.prefix() + "the container could not tell whether the "
          + "principal has the role " + role, t);
    }
  }
}
