package dev.detach.agent.carrier;

import dev.detach.agent.carrier.grpc.GrpcContextCarrier;
import dev.detach.agent.carrier.log4j.ThreadContextCarrier;
import dev.detach.agent.carrier.mdc.MdcCarrier;
import dev.detach.agent.carrier.spring.RequestContextCarrier;

/** The libraries whose thread-bound context Detach carries ({@code carry.libraries}). */
public enum CarriedLibrary {
  /** SLF4J's {@code MDC}. It has no static initializer (SLF4J 2): it is found by its first {@code put}. */
  MDC("mdc", "org.slf4j.MDC", "put", "setContextMap", "pushByKey"),
  /** Log4j 2's {@code ThreadContext}: its map and its stack. */
  LOG4J2("log4j2", "org.apache.logging.log4j.ThreadContext"),
  /** Spring's {@code RequestContextHolder} (Spring 5 and 6, javax and jakarta). */
  SPRING("spring", "org.springframework.web.context.request.RequestContextHolder"),
  /** gRPC's {@code io.grpc.Context}. */
  GRPC("grpc", "io.grpc.Context");

  private final String configName;
  private final String className;
  private final String[] firstUseMethods;

  CarriedLibrary(String configName, String className, String... firstUseMethods) {
    this.configName = configName;
    this.className = className;
    this.firstUseMethods = firstUseMethods;
  }

  /** The name in {@code carry.libraries}. */
  public String configName() {
    return configName;
  }

  /** The class whose loading (in any class loader) makes the library known. */
  public String className() {
    return className;
  }

  /**
   * Static methods whose first call makes the library known, for a class without a static initializer;
   * empty when the end of its static initializer does.
   */
  String[] firstUseMethods() {
    return firstUseMethods.clone();
  }

  /** The library named {@code name} in the configuration, or null. */
  public static CarriedLibrary fromConfigName(String name) {
    for (CarriedLibrary library : values()) {
      if (library.configName.equals(name)) {
        return library;
      }
    }
    return null;
  }

  /** The carrier for this library's {@code type}, loaded by some class loader. */
  Carrier carrierFor(Class<?> type) throws ReflectiveOperationException {
    switch (this) {
      case MDC:
        return new MdcCarrier(type);
      case LOG4J2:
        return new ThreadContextCarrier(type);
      case SPRING:
        return new RequestContextCarrier(type);
      default:
        return new GrpcContextCarrier(type);
    }
  }
}
