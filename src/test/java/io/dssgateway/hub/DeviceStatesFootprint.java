package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Heap a stream's latest-state view takes per (device, property): fills one with N devices of P
 * properties from datapoint events shaped as DSS sends them, and reports the heap used after a
 * collection, before and after. Run (docs/benchmarks.md):
 *
 * <pre>
 * java -Xmx2g -cp "target/test-classes:target/classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *   io.dssgateway.hub.DeviceStatesFootprint 10000 10
 * </pre>
 */
public final class DeviceStatesFootprint {

  private DeviceStatesFootprint() {}

  public static void main(String[] args) {
    int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int properties = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    DeviceStates warmup = new DeviceStates("datapoint", 10); // JSON and time parsing's own caches
    for (int i = 0; i < 1000; i++) {
      warmup.apply(event("WARM" + i, "prop", i));
    }
    long before = usedAfterGc();
    DeviceStates view = new DeviceStates("datapoint", devices);
    for (int d = 0; d < devices; d++) {
      for (int p = 0; p < properties; p++) {
        view.apply(
            event("FLEET" + d, "prop_" + p, d * 31 + p)); // each event's own strings, as parsed
      }
    }
    long after = usedAfterGc();
    long pairs = (long) devices * properties;
    System.out.printf(
        "view of %d devices x %d properties: %d bytes, %.0f bytes per (device, property)%n",
        view.size(), properties, after - before, (after - before) / (double) pairs);
  }

  private static StreamEvent event(String dsn, String property, int value) {
    JsonObject json =
        new JsonObject()
            .put("seq", "1")
            .put(
                "metadata",
                new JsonObject()
                    .put("oem_model", "fleet")
                    .put("dsn", dsn)
                    .put("property_name", property)
                    .put("event_type", "datapoint"))
            .put(
                "datapoint",
                new JsonObject()
                    .put("value", value)
                    .put("updated_at", Instant.now().toString())
                    .put("created_at", Instant.now().toString()));
    return new StreamEvent(1, "datapoint", "fleet", dsn, property, Buffer.buffer(json.encode()));
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
