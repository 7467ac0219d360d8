package dev.detach.demo.shop;

/**
 * Stand-ins for the services the shop calls in the background (stock, e-mail templates). Each call takes a
 * while, as a remote call does: long enough for the response to be sent and the request to end first.
 */
final class Services {

  private static final long REMOTE_CALL_MILLIS = 25;

  private Services() {}

  static void reserveStock(String item) {
    remoteCall();
  }

  static String renderConfirmation(String orderId) {
    remoteCall();
    return "Thank you for order " + orderId;
  }

  private static void remoteCall() {
    try {
      Thread.sleep(REMOTE_CALL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling a service", e);
    }
  }
}
