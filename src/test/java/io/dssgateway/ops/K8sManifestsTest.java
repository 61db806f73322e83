package io.dssgateway.ops;

import static io.dssgateway.ops.K8sManifests.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.auth.AuthSettings;
import io.dssgateway.cluster.ClusterConfig;
import io.dssgateway.cluster.ClusterSettings;
import io.dssgateway.common.SecretBox;
import io.dssgateway.config.AppConfig;
import io.dssgateway.config.Setting;
import io.dssgateway.hub.HubSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every port, path, variable and value in k8s/ against what the application reads and serves. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class K8sManifestsTest {

  static K8sManifests k8s;
  static Map<String, Object> deployment;
  static Map<String, Object> container;

  @BeforeAll
  static void load() throws IOException {
    k8s = K8sManifests.load();
    deployment = k8s.one("Deployment", "dss-gateway");
    container = get(deployment, "spec.template.spec.containers.0");
  }

  static Map<String, String> configMapEnv() {
    return k8s.configMapEnv();
  }

  static Map<String, String> configMapAsSettings() {
    return k8s.configMapAsSettings();
  }

  static int containerPort(String name) {
    List<Map<String, Object>> ports = get(container, "ports");
    return ports.stream()
        .filter(p -> name.equals(p.get("name")))
        .map(p -> (Integer) p.get("containerPort"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  @Test
  void everyManifestParsesAndNamesItsKind() {
    assertThat(k8s.documents).hasSizeGreaterThanOrEqualTo(10);
    for (Map<String, Object> doc : k8s.documents) {
      assertThat(doc).as(doc.get("__file").toString()).containsKeys("apiVersion", "kind");
      if (!"Kustomization".equals(doc.get("kind"))) {
        assertThat((String) get(doc, "metadata.name"))
            .as(doc.get("__file").toString())
            .isNotBlank();
      }
    }
    assertThat(k8s.documents.stream().map(d -> (String) d.get("kind")).collect(Collectors.toSet()))
        .contains(
            "Deployment",
            "Service",
            "ConfigMap",
            "Secret",
            "PodDisruptionBudget",
            "NetworkPolicy",
            "Ingress",
            "HorizontalPodAutoscaler");
  }

  @Test
  void everyDssVariableInDeploymentAndConfigMapIsARealSetting() {
    List<String> names = new ArrayList<>(configMapEnv().keySet());
    List<Map<String, Object>> env = get(container, "env");
    env.forEach(e -> names.add((String) e.get("name")));
    names.stream().filter(n -> n.startsWith("DSS_")).forEach(K8sManifests::settingForEnv);
    assertThat(names)
        .contains(
            "DSS_AYLA_APP_SECRET",
            "DSS_AUTH_SERVICE_EMAIL",
            "DSS_AUTH_SERVICE_PASSWORD",
            "DSS_SECRETS_KEY",
            "DSS_CLUSTER_ENABLED",
            "DSS_CLUSTER_HOST",
            "DSS_CLUSTER_KUBERNETES_SERVICE_DNS");
  }

  @Test
  void secretsComeFromTheSecretNotTheConfigMap() {
    Map<String, String> cm = configMapEnv();
    GatewaySettings.CATALOGUE.all().stream()
        .filter(Setting::secret)
        .forEach(s -> assertThat(cm).doesNotContainKey(s.envName()));
    List<Map<String, Object>> env = get(container, "env");
    Map<String, Object> secretData = get(k8s.one("Secret", "dss-gateway-secrets"), "stringData");
    for (Map<String, Object> e : env) {
      String key = get(e, "valueFrom.secretKeyRef.key");
      if (key != null) {
        assertThat(secretData).as("Secret key of " + e.get("name")).containsKey(key);
      }
    }
  }

  @Test
  void configMapValuesPassValidation() {
    AppConfig config = GatewaySettings.config(configMapAsSettings());
    assertThat(config.string(OpsSettings.ROLE)).isEqualTo("gateway");
    assertThat(config.bool(io.dssgateway.sim.SimSettings.CONTROL_ENABLED)).isFalse();
    assertThat(config.integer(OpsSettings.HTTP_PORT)).isEqualTo(containerPort("http"));
    assertThat(config.integer(OpsSettings.METRICS_PORT))
        .as("/metrics on a port of its own")
        .isEqualTo(containerPort("metrics"))
        .isNotEqualTo(containerPort("http"));
  }

  @Test
  void probesUseTheHttpPortAndScrapeAnnotationsTheMetricsPort() {
    assertThat((String) get(container, "livenessProbe.httpGet.path"))
        .isEqualTo(HealthRoutes.LIVE_PATH);
    assertThat((String) get(container, "startupProbe.httpGet.path"))
        .isEqualTo(HealthRoutes.LIVE_PATH);
    assertThat((String) get(container, "readinessProbe.httpGet.path"))
        .isEqualTo(HealthRoutes.READY_PATH);
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      assertThat((Object) get(container, probe + ".httpGet.port")).as(probe).isEqualTo("http");
    }
    Map<String, String> annotations = get(deployment, "spec.template.metadata.annotations");
    assertThat(Integer.parseInt(annotations.get("prometheus.io/port")))
        .isEqualTo(containerPort("metrics"));
    assertThat(annotations.get("prometheus.io/path")).isEqualTo(MetricsEndpoint.PATH);
  }

  @Test
  void metricsAreNeverRoutedByTheIngressAndOnlyPrometheusReachesThem() {
    int metricsPort = containerPort("metrics");
    List<Map<String, Object>> servicePorts = get(k8s.one("Service", "dss-gateway"), "spec.ports");
    Map<String, Object> metricsServicePort =
        servicePorts.stream()
            .filter(p -> "metrics".equals(p.get("targetPort")))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("the Service exposes no metrics port for Prometheus"));
    for (Map<String, Object> ingress : k8s.ofKind("Ingress")) {
      for (Map<String, Object> rule :
          K8sManifests.<List<Map<String, Object>>>get(ingress, "spec.rules")) {
        for (Map<String, Object> path :
            K8sManifests.<List<Map<String, Object>>>get(rule, "http.paths")) {
          Map<String, Object> port = get(path, "backend.service.port");
          assertThat(port.get("name"))
              .as("Ingress backend port")
              .isNotEqualTo(metricsServicePort.get("name"));
          assertThat(port.get("number"))
              .as("Ingress backend port")
              .isNotIn(metricsServicePort.get("port"), metricsPort);
          assertThat(port.get("name"))
              .as("the Ingress routes the gateway's port")
              .isEqualTo("http");
        }
      }
    }
    Map<String, Object> policy = k8s.one("NetworkPolicy", "dss-gateway");
    boolean prometheusAllowed = false;
    for (Map<String, Object> rule :
        K8sManifests.<List<Map<String, Object>>>get(policy, "spec.ingress")) {
      List<Map<String, Object>> ports = get(rule, "ports");
      assertThat(ports)
          .as("an ingress rule without ports opens the metrics port too: " + rule)
          .isNotNull();
      if (ports.stream().anyMatch(p -> Integer.valueOf(metricsPort).equals(p.get("port")))) {
        List<Map<String, Object>> peers = get(rule, "from");
        assertThat(peers)
            .as("who reaches /metrics")
            .isNotEmpty()
            .allSatisfy(
                peer ->
                    assertThat(peer)
                        .isEqualTo(
                            Map.of(
                                "namespaceSelector",
                                Map.of(
                                    "matchLabels",
                                    Map.of("kubernetes.io/metadata.name", "monitoring")))));
        prometheusAllowed = true;
      }
    }
    assertThat(prometheusAllowed)
        .as("the NetworkPolicy lets Prometheus scrape the metrics port")
        .isTrue();
  }

  @Test
  void servicesIngressAndNetworkPolicyPointAtTheContainerPorts() {
    assertThat((String) get(k8s.one("Service", "dss-gateway"), "spec.ports.0.targetPort"))
        .isEqualTo("http");
    Map<String, Object> headless = k8s.one("Service", "dss-gateway-cluster");
    assertThat((String) get(headless, "spec.clusterIP")).isEqualTo("None");
    assertThat((Integer) get(headless, "spec.ports.0.port"))
        .isEqualTo(containerPort("hazelcast"))
        .isEqualTo(5701);
    Map<String, Object> backend =
        get(k8s.one("Ingress", "dss-gateway"), "spec.rules.0.http.paths.0.backend.service");
    assertThat(backend.get("name")).isEqualTo("dss-gateway");
    assertThat((String) get(backend, "port.name")).isEqualTo("http");
    Map<String, Object> policy = k8s.one("NetworkPolicy", "dss-gateway");
    assertThat((Integer) get(policy, "spec.ingress.0.ports.0.port"))
        .isEqualTo(containerPort("http"));
    assertThat((Integer) get(policy, "spec.ingress.1.ports.0.port"))
        .isEqualTo(containerPort("hazelcast"));
  }

  /** The pod's configuration: ConfigMap and Deployment env, with a pod IP, a namespace and a secrets key standing in. */
  static AppConfig podConfig(String podIp, String namespace) {
    Map<String, String> env =
        k8s.podEnv(
            Map.of("status.podIP", podIp, "metadata.namespace", namespace),
            Map.of("secrets-key", SecretBox.newKey(), "ayla-app-secret", "stand-in"));
    return GatewaySettings.config(K8sManifests.asSettings(env));
  }

  @Test
  void theReplicasFormOneClusterThroughTheHeadlessService() {
    ClusterConfig cluster = ClusterConfig.from(podConfig("10.1.2.3", "iot"));
    assertThat(cluster.enabled()).isTrue();
    assertThat(cluster.name()).isNotBlank();
    assertThat(cluster.host()).as("binds and announces the pod IP").isEqualTo("10.1.2.3");
    Map<String, Object> headless = k8s.one("Service", "dss-gateway-cluster");
    assertThat(cluster.kubernetesServiceDns())
        .as("the headless Service in the pod's namespace")
        .isEqualTo(get(headless, "metadata.name") + ".iot.svc.cluster.local");
    assertThat(cluster.failureTimeoutMillis()).isBetween(1000L, 5000L);
    assertThat((Boolean) get(headless, "spec.publishNotReadyAddresses"))
        .as("members find each other before ready")
        .isTrue();
    Map<String, String> podLabels = get(deployment, "spec.template.metadata.labels");
    assertThat(podLabels).containsAllEntriesOf(get(headless, "spec.selector"));
  }

  @Test
  void survivorsStayReadyWhileADeadMemberIsDetected() {
    AppConfig config = podConfig("10.1.2.3", "default");
    int period = get(container, "readinessProbe.periodSeconds");
    int failures = get(container, "readinessProbe.failureThreshold");
    long unsafeMillis =
        config.millis(ClusterSettings.FAILURE_TIMEOUT) + config.millis(OpsSettings.HEALTH_TIMEOUT);
    assertThat(period * 1000L * (failures - 1))
        .as("time from the first failed probe to the one that marks the pod unready")
        .isGreaterThan(unsafeMillis);
  }

  @Test
  void clusterPortsAreTheSettingsDefaultsOnContainerAndHeadlessService() {
    AppConfig config = podConfig("10.1.2.3", "default");
    assertThat(config.integer(ClusterSettings.PORT_SETTING))
        .isEqualTo(containerPort("hazelcast"))
        .isEqualTo(Integer.parseInt(ClusterSettings.PORT_SETTING.defaultValue()));
    assertThat(config.integer(ClusterSettings.EVENT_BUS_PORT))
        .isEqualTo(containerPort("event-bus"))
        .isEqualTo(Integer.parseInt(ClusterSettings.EVENT_BUS_PORT.defaultValue()));
    List<Map<String, Object>> headlessPorts =
        get(k8s.one("Service", "dss-gateway-cluster"), "spec.ports");
    assertThat(headlessPorts)
        .anySatisfy(
            p -> {
              assertThat(p.get("port")).isEqualTo(containerPort("hazelcast"));
              assertThat(p.get("targetPort")).isEqualTo("hazelcast");
            });
  }

  @Test
  void clusterPortsAreOpenBetweenGatewayPodsAndToNothingElse() {
    AppConfig config = podConfig("10.1.2.3", "default");
    Set<Integer> clusterPorts =
        Set.of(
            config.integer(ClusterSettings.PORT_SETTING),
            config.integer(ClusterSettings.EVENT_BUS_PORT));
    Map<String, Object> policy = k8s.one("NetworkPolicy", "dss-gateway");
    assertThat((List<String>) get(policy, "spec.policyTypes")).contains("Ingress", "Egress");
    for (String direction : List.of("ingress", "egress")) {
      String peersKey = direction.equals("ingress") ? "from" : "to";
      Set<Integer> openBetweenGateways = new HashSet<>();
      for (Map<String, Object> rule :
          K8sManifests.<List<Map<String, Object>>>get(policy, "spec." + direction)) {
        List<Map<String, Object>> ports = get(rule, "ports");
        Set<Integer> rulePorts =
            ports == null
                ? clusterPorts // no ports: every port
                : ports.stream().map(p -> (Integer) p.get("port")).collect(Collectors.toSet());
        boolean gatewaysOnly = onlyGatewayPods(get(rule, peersKey));
        if (rulePorts.stream().anyMatch(clusterPorts::contains)) {
          assertThat(gatewaysOnly)
              .as(direction + " rule " + rule + " opens a cluster port to other peers")
              .isTrue();
          openBetweenGateways.addAll(rulePorts);
        }
      }
      assertThat(openBetweenGateways)
          .as(direction + " between gateway pods")
          .containsAll(clusterPorts);
    }
  }

  /** Peers that are the gateway's pods in its own namespace and nothing else (no namespace selector, no IP block). */
  private static boolean onlyGatewayPods(List<Map<String, Object>> peers) {
    Map<String, String> deploymentSelector = get(deployment, "spec.selector.matchLabels");
    Map<String, String> podLabels = get(deployment, "spec.template.metadata.labels");
    return peers != null
        && !peers.isEmpty()
        && peers.stream()
            .allMatch(
                peer -> {
                  Map<String, String> labels = get(peer, "podSelector.matchLabels");
                  return peer.keySet().equals(Set.of("podSelector"))
                      && K8sManifests.<Map<String, Object>>get(peer, "podSelector").size() == 1
                      && labels != null
                      && labels.entrySet().containsAll(deploymentSelector.entrySet())
                      && podLabels.entrySet().containsAll(labels.entrySet());
                });
  }

  @Test
  void secretsKeyComesOnlyFromTheSecret() throws IOException {
    String name = OpsSettings.SECRETS_KEY.envName();
    List<Map<String, Object>> env = get(container, "env");
    List<Map<String, Object>> entries =
        env.stream().filter(e -> name.equals(e.get("name"))).toList();
    assertThat(entries).hasSize(1);
    Map<String, Object> entry = entries.get(0);
    assertThat(entry).doesNotContainKey("value");
    assertThat((String) get(entry, "valueFrom.secretKeyRef.name")).isEqualTo("dss-gateway-secrets");
    assertThat((Object) get(entry, "valueFrom.secretKeyRef.optional"))
        .as("required: the pods cluster")
        .isNotEqualTo(true);
    Map<String, Object> secretData = get(k8s.one("Secret", "dss-gateway-secrets"), "stringData");
    assertThat(secretData).containsKey(get(entry, "valueFrom.secretKeyRef.key"));
    assertThat(Files.readString(K8sManifests.DIR.resolve("secret.template.yaml")))
        .contains("openssl rand -base64 32");
    for (Map<String, Object> doc : k8s.documents) {
      if (doc != deployment) {
        assertThat(doc.toString()).as(doc.get("__file").toString()).doesNotContain(name);
      }
    }
    for (Map<String, Object> e :
        env) { // every secret setting in the Deployment comes from a Secret
      String variable = (String) e.get("name");
      if (variable.startsWith("DSS_") && K8sManifests.settingForEnv(variable).secret()) {
        assertThat((Object) get(e, "valueFrom.secretKeyRef")).as(variable).isNotNull();
      }
    }
  }

  @Test
  void selectorsMatchThePodLabels() {
    Map<String, String> podLabels = get(deployment, "spec.template.metadata.labels");
    for (String kind : List.of("Service", "PodDisruptionBudget", "NetworkPolicy")) {
      for (Map<String, Object> doc : k8s.ofKind(kind)) {
        Map<String, String> selector =
            kind.equals("Service")
                ? get(doc, "spec.selector")
                : kind.equals("NetworkPolicy")
                    ? get(doc, "spec.podSelector.matchLabels")
                    : get(doc, "spec.selector.matchLabels");
        assertThat(podLabels).as(kind).containsAllEntriesOf(selector);
      }
    }
    assertThat(
            (String)
                get(k8s.one("HorizontalPodAutoscaler", "dss-gateway"), "spec.scaleTargetRef.name"))
        .isEqualTo("dss-gateway");
  }

  @Test
  void terminationGraceCoversPreStopPlusDrain() {
    AppConfig config = GatewaySettings.config(configMapAsSettings());
    List<String> preStop = get(container, "lifecycle.preStop.exec.command");
    assertThat(preStop.get(0)).isEqualTo("sleep");
    long preStopMillis = Long.parseLong(preStop.get(1)) * 1000;
    int terminationSeconds = get(deployment, "spec.template.spec.terminationGracePeriodSeconds");
    assertThat(terminationSeconds * 1000L)
        .isGreaterThanOrEqualTo(preStopMillis + config.millis(OpsSettings.SHUTDOWN_GRACE) + 2000);
  }

  @Test
  void writablePathsAreVolumesOnAReadOnlyNonRootPod() {
    assertThat((Boolean) get(container, "securityContext.readOnlyRootFilesystem")).isTrue();
    assertThat((Boolean) get(deployment, "spec.template.spec.securityContext.runAsNonRoot"))
        .isTrue();
    List<Map<String, Object>> mounts = get(container, "volumeMounts");
    List<String> mountPaths = mounts.stream().map(m -> (String) m.get("mountPath")).toList();
    AppConfig config = GatewaySettings.config(configMapAsSettings());
    assertThat(mountPaths).contains("/tmp");
    assertThat(mountPaths).anyMatch(p -> config.string(HubSettings.STORE_PATH).startsWith(p + "/"));
    String jwtMount =
        mounts.stream()
            .filter(m -> "jwt".equals(m.get("name")))
            .map(m -> (String) m.get("mountPath"))
            .findFirst()
            .orElseThrow();
    assertThat(config.string(AuthSettings.JWT_PRIVATE_KEY_FILE)).startsWith(jwtMount + "/");
    assertThat(config.string(AuthSettings.JWT_PUBLIC_KEY_FILE)).startsWith(jwtMount + "/");
    List<Map<String, Object>> items = get(deployment, "spec.template.spec.volumes.2.secret.items");
    assertThat(items)
        .extracting(i -> jwtMount + "/" + i.get("path"))
        .contains(
            config.string(AuthSettings.JWT_PRIVATE_KEY_FILE),
            config.string(AuthSettings.JWT_PUBLIC_KEY_FILE));
  }

  @Test
  void ingressIsSseSafe() {
    Map<String, String> a = get(k8s.one("Ingress", "dss-gateway"), "metadata.annotations");
    assertThat(a.get("nginx.ingress.kubernetes.io/proxy-buffering")).isEqualTo("off");
    assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-read-timeout")))
        .isGreaterThanOrEqualTo(3600);
    assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-send-timeout")))
        .isGreaterThanOrEqualTo(3600);
  }

  @Test
  void autoscalerMetricIsOneTheGatewayExports() {
    String metric =
        get(k8s.one("HorizontalPodAutoscaler", "dss-gateway"), "spec.metrics.0.pods.metric.name");
    try (GatewayMetrics metrics = new GatewayMetrics()) {
      assertThat(metrics.registry().scrape()).containsPattern("(?m)^" + metric + " ");
    }
  }

  @Test
  void applicationWithTheConfigMapAnswersTheDeclaredProbesAndMetricsPaths(Vertx vertx)
      throws IOException {
    Map<String, String> raw = configMapAsSettings();
    raw.put(OpsSettings.HTTP_PORT.key(), "0");
    raw.put(OpsSettings.HTTP_HOST.key(), "127.0.0.1");
    // the mounted Secret and the emptyDir exist only in the pod: the dev keys and an in-memory
    // store stand in
    raw.put(
        AuthSettings.JWT_PRIVATE_KEY_FILE.key(), AuthSettings.JWT_PRIVATE_KEY_FILE.defaultValue());
    raw.put(
        AuthSettings.JWT_PUBLIC_KEY_FILE.key(), AuthSettings.JWT_PUBLIC_KEY_FILE.defaultValue());
    raw.put(AuthSettings.JWT_ALLOW_DEV_KEY.key(), "true"); // the ConfigMap names a real Ayla region
    raw.put(HubSettings.STORE_PATH.key(), "mem");
    raw.put(
        OpsSettings.METRICS_PORT.key(),
        String.valueOf(io.dssgateway.FixedPorts.free())); // the pod's may be taken here
    Application app = new Application(vertx, GatewaySettings.config(raw)).start().await();
    try {
      WebClient client = WebClient.create(vertx);
      Map<String, String> annotations = get(deployment, "spec.template.metadata.annotations");
      for (String path :
          List.<String>of(
              get(container, "livenessProbe.httpGet.path"),
              get(container, "readinessProbe.httpGet.path"))) {
        int status =
            client
                .request(HttpMethod.GET, app.gatewayPort(), "127.0.0.1", path)
                .send()
                .await()
                .statusCode();
        assertThat(status).as("GET " + path).isEqualTo(200);
      }
      String metricsPath = annotations.get("prometheus.io/path");
      assertThat(app.metricsPort()).isNotEqualTo(app.gatewayPort());
      var scrape =
          client
              .request(HttpMethod.GET, app.metricsPort(), "127.0.0.1", metricsPath)
              .send()
              .await();
      assertThat(scrape.statusCode())
          .as("GET " + metricsPath + " on the metrics port")
          .isEqualTo(200);
      assertThat(scrape.bodyAsString()).contains("dss_sse_connections");
      var onGatewayPort =
          client
              .request(HttpMethod.GET, app.gatewayPort(), "127.0.0.1", metricsPath)
              .send()
              .await();
      assertThat(onGatewayPort.statusCode())
          .as("GET " + metricsPath + " on the gateway's port")
          .isEqualTo(404);
      var other =
          client
              .request(HttpMethod.GET, app.metricsPort(), "127.0.0.1", "/health/live")
              .send()
              .await();
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.getHeader("Content-Type")).startsWith("application/json");
      assertThat(other.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    } finally {
      app.shutdown().await();
    }
  }
}
