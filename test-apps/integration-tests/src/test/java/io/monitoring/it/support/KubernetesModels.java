package io.monitoring.it.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes manifests read into fabric8's model classes of Kubernetes and of the Prometheus Operator, strictly: a
 * field the model does not have is an error. fabric8's classes keep unknown fields in {@code additionalProperties}
 * through a {@code @JsonAnySetter}; this reader ignores that annotation, so Jackson's FAIL_ON_UNKNOWN_PROPERTIES
 * applies to every object of the manifest, however deep.
 */
public final class KubernetesModels {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper STRICT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return false;
                }
            });
    /** apiVersion/kind to the model class: the kinds the stack writes. */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", io.fabric8.kubernetes.api.model.rbac.ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class),
            Map.entry("monitoring.coreos.com/v1/Prometheus", io.fabric8.openshift.api.model.monitoring.v1.Prometheus.class),
            Map.entry("monitoring.coreos.com/v1/Alertmanager", io.fabric8.openshift.api.model.monitoring.v1.Alertmanager.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", io.fabric8.openshift.api.model.monitoring.v1.PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule.class),
            Map.entry("monitoring.coreos.com/v1alpha1/AlertmanagerConfig",
                    io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig.class));

    private KubernetesModels() {
    }

    /** Every document of the file as its model object; an unknown kind or field fails with the document's name. */
    public static List<Object> readStrictly(Path file) throws IOException {
        List<Object> resources = new ArrayList<>();
        for (JsonNode document : YAML.readerFor(JsonNode.class).readValues(file.toFile()).readAll().stream()
                .map(JsonNode.class::cast).toArray(JsonNode[]::new)) {
            if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                continue;
            }
            String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            String name = file.getFileName() + ": " + kind + " " + document.at("/metadata/name").asText();
            Class<?> model = MODELS.get(kind);
            if (model == null) {
                throw new AssertionError(name + ": no model for this kind");
            }
            try {
                resources.add(STRICT.treeToValue(document, model));
            } catch (IOException e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
        }
        return resources;
    }
}
