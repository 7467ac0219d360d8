package dev.detach.agent.container;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP dates as {@code getDateHeader} reads them: IMF-fixdate, RFC 850 and asctime. */
final class HttpDates {

  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  private HttpDates() {}

  /** Milliseconds since the epoch; {@link IllegalArgumentException} when {@code value} is no date. */
  static long parse(String value) {
    String v = value.trim();
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // try the obsolete forms
    }
    try {
      return ZonedDateTime.parse(v, RFC_850).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // next
    }
    try {
      return LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Cannot parse date header value " + value, e);
    }
  }
}
