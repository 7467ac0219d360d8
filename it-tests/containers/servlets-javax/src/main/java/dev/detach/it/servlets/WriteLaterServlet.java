package dev.detach.it.servlets;

import dev.detach.it.containers.HandOff;
import dev.detach.it.containers.Protocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@link Protocol#WRITE_LATER}: holds {@code ?hold=MS}, answers "id=KEY", and hands the response object to a
 * detached task that, after the response, sets {@link Protocol#LEAK_HEADER} and writes {@link Protocol#LEAK_MARK}
 * KEY through the output stream and the writer. None of it may reach any response.
 */
public class WriteLaterServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String key = TestServlets.key(req);
    TestServlets.sleepIfAsked(req, "hold");
    byte[] mark = (Protocol.LEAK_MARK + key).getBytes(StandardCharsets.UTF_8);
    for (HandOff handOff : TestServlets.handOffs(req)) {
      handOff.start(key, report -> {
        report.call("setHeader", () -> resp.setHeader(Protocol.LEAK_HEADER, key));
        report.call("getOutputStream().write", () -> {
          ServletOutputStream out = resp.getOutputStream();
          out.write(mark);
          out.flush();
        });
        report.call("getWriter().write", () -> {
          PrintWriter w = resp.getWriter();
          w.write(Protocol.LEAK_MARK + key);
          w.flush();
          if (w.checkError()) {
            throw new IOException("PrintWriter.checkError() after the write");
          }
        });
      });
    }
    TestServlets.answer(resp, key);
  }
}
