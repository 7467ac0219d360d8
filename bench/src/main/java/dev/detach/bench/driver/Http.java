package dev.detach.bench.driver;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over one socket: enough for the benchmark's own requests (start-up probes,
 * control requests, the held requests and the Java load client), with no threads or pools of its own that
 * would blur what is measured.
 */
final class Http implements AutoCloseable {

  /** A response: status, body, and whether the server closes the connection after it ({@code Connection: close}). */
  record Response(int status, String body, boolean closing) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  Http(int port, int connectTimeoutMillis) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), connectTimeoutMillis);
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
  }

  /** The bytes of a {@code POST} without a body. */
  static byte[] post(String pathAndQuery, Map<String, String> headers) {
    StringBuilder b = new StringBuilder("POST ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    headers.forEach((name, value) -> b.append(name).append(": ").append(value).append("\r\n"));
    return b.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One request on a new connection. */
  static Response once(int port, String pathAndQuery, Map<String, String> headers) throws IOException {
    try (Http http = new Http(port, 5_000)) {
      return http.exchange(post(pathAndQuery, headers));
    }
  }

  /** Sends {@code request} and reads the whole response (the connection stays open for the next one). */
  Response exchange(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    return read();
  }

  private Response read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closing = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        closing = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(chunkSize(line()), 16); size > 0;
          size = Integer.parseInt(chunkSize(line()), 16)) {
        copy(size, body);
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // trailers are not used
      }
    } else if (length >= 0) {
      copy(length, body);
    } else {
      in.transferTo(body);
    }
    return new Response(code, body.toString(StandardCharsets.ISO_8859_1), closing);
  }

  private static String chunkSize(String line) {
    int semicolon = line.indexOf(';');
    return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
  }

  private void copy(long n, ByteArrayOutputStream to) throws IOException {
    byte[] buffer = new byte[8192];
    while (n > 0) {
      int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
      if (r < 0) {
        throw new IOException("connection closed inside a response");
      }
      to.write(buffer, 0, r);
      n -= r;
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
