package io.dssgateway.ops;

import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Set;

/**
 * Keeps the label values of Vert.x's HTTP meters to a fixed set, so no request can add a series:
 * a method other than the nine of RFC 9110/5789 is {@code method="other"}, a status outside the
 * usual ones {@code code="other"}. Paths are never a label (Vert.x's {@code HTTP_PATH} and
 * {@code HTTP_ROUTE} labels stay off). Without this, every made-up method (Netty accepts any
 * token) became a Prometheus series of its own.
 */
final class BoundedHttpLabels {

  static final String OTHER = "other";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE");
  private static final Set<String> CODES =
      Set.of(
          "100", "101", "200", "201", "202", "204", "206", "301", "302", "303", "304", "307", "308",
          "400", "401", "403", "404", "405", "406", "408", "409", "410", "411", "412", "413", "414",
          "415", "416", "417", "422", "426", "428", "429", "431", "500", "501", "502", "503", "504",
          "505");

  /** The {@code method} label (Vert.x's {@code Label.HTTP_METHOD}). */
  static final MeterFilter METHOD =
      MeterFilter.replaceTagValues("method", m -> METHODS.contains(m) ? m : OTHER);

  /** The {@code code} label (Vert.x's {@code Label.HTTP_CODE}). */
  static final MeterFilter CODE =
      MeterFilter.replaceTagValues("code", c -> CODES.contains(c) ? c : OTHER);

  private BoundedHttpLabels() {}
}
