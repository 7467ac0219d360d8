package dev.detach.agent.container;

import java.security.Principal;

/**
 * Reads what a request scope records from a container's request object, whatever its type: a servlet
 * request (javax or jakarta), a Jetty 12 core request, an Undertow exchange. Implementations work through
 * method handles looked up once per class, since the boot class path sees no container class.
 */
public interface RequestReader {

  String method(Object request) throws Throwable;

  /** The path, without the query. */
  String uri(Object request) throws Throwable;

  String query(Object request) throws Throwable;

  String remoteAddress(Object request) throws Throwable;

  String header(Object request, String name) throws Throwable;

  Principal principal(Object request) throws Throwable;
}
