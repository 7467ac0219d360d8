package dev.detach.it.carriers;

/**
 * An application's own thread-bound state, as {@code carry.thread-locals} names it:
 * {@code dev.detach.it.carriers.TenantContext#CURRENT}. The field is private; Detach reads it all the same.
 */
public final class TenantContext {

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  /** Not a ThreadLocal: naming it in {@code carry.thread-locals} gets one warning line. */
  static final String NAME = "tenant";

  private TenantContext() {}

  public static String get() {
    return CURRENT.get();
  }

  public static void set(String tenant) {
    CURRENT.set(tenant);
  }

  public static void clear() {
    CURRENT.remove();
  }
}
