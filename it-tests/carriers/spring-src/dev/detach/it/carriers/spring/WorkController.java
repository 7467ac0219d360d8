package dev.detach.it.carriers.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /work} hands work off and answers at once; {@code /other} is just another request. */
@RestController
public class WorkController {

  private final RequestData requestData;
  private final AsyncWork work;

  public WorkController(RequestData requestData, AsyncWork work) {
    this.requestData = requestData;
    this.work = work;
  }

  @GetMapping("/work")
  public String work(@RequestParam("id") String id) {
    requestData.setRequestId(id);
    work.later(id, requestData.serial());
    return "handed off " + id + " serial " + requestData.serial();
  }

  @GetMapping("/other")
  public String other(@RequestParam("id") String id) {
    requestData.setRequestId(id);
    return "other " + id;
  }
}
