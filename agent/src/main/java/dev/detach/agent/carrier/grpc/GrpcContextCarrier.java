package dev.detach.agent.carrier.grpc;

import dev.detach.agent.carrier.Carrier;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * gRPC's {@code io.grpc.Context}. A detached task runs in a {@code fork()} of the context current at the
 * hand-off: its values, without its cancellation or deadline (the request's end must not cancel the
 * task). A propagated task runs in that context itself. Attached with {@code attach()} and detached with
 * {@code detach(previous)}, as gRPC's storage (or one that overrides it) expects.
 */
public final class GrpcContextCarrier extends Carrier {

  private static final MethodType OBJECT_TO_OBJECT = MethodType.methodType(Object.class, Object.class);

  private final MethodHandle rootGetter;
  /** {@code Context.ROOT}, read on first use: reading it initialises the class. */
  private volatile Object root;
  private final MethodHandle current;
  private final MethodHandle fork;
  private final MethodHandle attach;
  private final MethodHandle detach;

  public GrpcContextCarrier(Class<?> context) throws ReflectiveOperationException {
    super("gRPC Context");
    rootGetter = MethodHandles.publicLookup().findStaticGetter(context, "ROOT", context)
        .asType(MethodType.methodType(Object.class));
    current = staticMethod(context, "current", context).asType(MethodType.methodType(Object.class));
    fork = instanceMethod(context, "fork", context).asType(OBJECT_TO_OBJECT);
    attach = instanceMethod(context, "attach", context).asType(OBJECT_TO_OBJECT);
    detach = instanceMethod(context, "detach", void.class, context)
        .asType(MethodType.methodType(void.class, Object.class, Object.class));
  }

  /** What one run attached, and what that replaced. */
  private static final class Attached {
    final Object context;
    final Object previous;

    Attached(Object context, Object previous) {
      this.context = context;
      this.previous = previous;
    }
  }

  @Override
  protected Object capture(boolean detached) throws Throwable {
    Object context = (Object) current.invokeExact();
    Object r = root;
    if (r == null) {
      root = r = (Object) rootGetter.invokeExact();
    }
    if (context == r) {
      return null;
    }
    return detached ? (Object) fork.invokeExact(context) : context;
  }

  @Override
  protected Object attach(Object captured) throws Throwable {
    return new Attached(captured, (Object) attach.invokeExact(captured));
  }

  @Override
  protected void restore(Object replaced) throws Throwable {
    Attached a = (Attached) replaced;
    detach.invokeExact(a.context, a.previous);
  }
}
