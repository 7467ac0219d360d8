package dev.detach.it.containers;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over one socket, for what HttpClient hides: connection reuse and a client that leaves. */
public final class RawHttp implements AutoCloseable {

  /** A response read off the socket. */
  public static final class Response {
    public final int status;
    public final Map<String, String> headers;
    public final String body;

    Response(int status, Map<String, String> headers, String body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(15_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Sends a GET with the given extra headers ("Name: value" lines). */
  public void sendGet(String pathAndQuery, String... headerLines) throws IOException {
    send("GET", pathAndQuery, null, headerLines);
  }

  /** Sends a request; a non-null body goes with its Content-Length (UTF-8). */
  public void send(String method, String pathAndQuery, String body, String... headerLines) throws IOException {
    byte[] content = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    sb.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
    sb.append("Host: 127.0.0.1\r\n");
    for (String h : headerLines) {
      sb.append(h).append("\r\n");
    }
    if (content != null) {
      sb.append("Content-Length: ").append(content.length).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (content != null) {
      out.write(content);
    }
    out.flush();
  }

  /** Reads one whole response (Content-Length or chunked). */
  public Response readResponse() throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      while (true) {
        String sizeLine = readLine();
        int semi = sizeLine.indexOf(';');
        int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
          for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
            // trailers ignored
          }
          break;
        }
        body.write(readBytes(size));
        readLine();
      }
    } else if (headers.containsKey("content-length")) {
      body.write(readBytes(Integer.parseInt(headers.get("content-length"))));
    } else if (status != 204 && status != 304) {
      throw new IOException("response without length on a connection to reuse: " + statusLine + " " + headers);
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  /** Reads until at least {@code n} bytes arrived (headers included); returns how many arrived. */
  public int readAtLeast(int n) throws IOException {
    byte[] buf = new byte[8192];
    int total = 0;
    while (total < n) {
      int r = in.read(buf);
      if (r < 0) {
        break;
      }
      total += r;
    }
    return total;
  }

  /** Leaves abruptly: the close resets the connection instead of a graceful FIN. */
  public void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("connection closed; read so far: " + sb);
      }
      if (c == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
  }

  private byte[] readBytes(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException("connection closed after " + b.length + " of " + n + " body bytes");
    }
    return b;
  }
}
