import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * Every Helm chart and container image the platform installs, pinned: chart versions, and image
 * tags with their multi-arch index digests. One entry per line, in the shapes Renovate's regex
 * managers match (renovate.json), so updates arrive as reviewed pull requests.
 */

export interface PinnedChart {
    chart: string;
    repository: string;
    version: string;
}

export interface PinnedImage {
    /** Registry and repository, e.g. `registry.k8s.io/metrics-server/metrics-server`. */
    repository: string;
    tag: string;
    digest: string;
}

const chart = (chart: string, repository: string, version: string): PinnedChart => ({ chart, repository, version });
const image = (repository: string, tag: string, digest: string): PinnedImage => ({ repository, tag, digest });

export const CHARTS = {
    metricsServer: chart("metrics-server", "https://kubernetes-sigs.github.io/metrics-server/", "3.13.1"),
    clusterAutoscaler: chart("cluster-autoscaler", "https://kubernetes.github.io/autoscaler", "9.59.0"),
    awsLoadBalancerController: chart("aws-load-balancer-controller", "https://aws.github.io/eks-charts", "3.5.0"),
    externalSecrets: chart("external-secrets", "https://charts.external-secrets.io", "2.10.0"),
    reloader: chart("reloader", "https://stakater.github.io/stakater-charts", "2.2.16"),
    kubePrometheusStack: chart("kube-prometheus-stack", "https://prometheus-community.github.io/helm-charts", "88.6.1"),
    loki: chart("loki", "https://grafana-community.github.io/helm-charts", "18.11.0"),
    tempo: chart("tempo", "https://grafana-community.github.io/helm-charts", "2.2.4"),
    openTelemetryCollector: chart("opentelemetry-collector", "https://open-telemetry.github.io/opentelemetry-helm-charts", "0.170.0"),
    velero: chart("velero", "https://vmware-tanzu.github.io/helm-charts", "12.1.0"),
};

export const IMAGES = {
    metricsServer: image("registry.k8s.io/metrics-server/metrics-server", "v0.8.1", "sha256:b2d2efaf5ac3b366ed0f839d2412a2c4279d4fc2a2a733f12c52133faed36c41"),
    clusterAutoscaler: image("registry.k8s.io/autoscaling/cluster-autoscaler", "v1.35.0", "sha256:2fc9433dd3b47baef0e68d6b1110b770a3c93db10c7bead4c5bc6cb21c72b875"),
    awsLoadBalancerController: image("public.ecr.aws/eks/aws-load-balancer-controller", "v3.5.0", "sha256:298acdff5a571731276aaea3d5cc450a264e4ad710a5bddf3e518f68a3f9f6cb"),
    externalSecrets: image("ghcr.io/external-secrets/external-secrets", "v2.10.0", "sha256:814117b0fd6d121b03e8ba3b6db1cecbe7449a354fc0fc9c4faf73a37aa221b1"),
    reloader: image("ghcr.io/stakater/reloader", "v1.4.21", "sha256:b253579350a835082cdad8d8736671cedaa0f8309437c894bd1bf1c2f0e0d45e"),
    prometheusOperator: image("quay.io/prometheus-operator/prometheus-operator", "v0.93.1", "sha256:e52bb28fd41c98dd407c7a8cba8bdcfe7eabd7447e250afaf1fe7bb816dedbff"),
    prometheusConfigReloader: image("quay.io/prometheus-operator/prometheus-config-reloader", "v0.93.1", "sha256:428f088fe6fe07ab138bda92113664b04848a1dc408e4d3680a60ecdb55d1a65"),
    prometheus: image("quay.io/prometheus/prometheus", "v3.14.0-distroless", "sha256:50c707e96da5ade383cb1707790576480485e93de06aa60ad8802cb5f744bd0a"),
    alertmanager: image("quay.io/prometheus/alertmanager", "v0.34.0", "sha256:690c7b525f4367aa91f73e2f91c632206d32e97c6384bdbf2fb7a861b420340d"),
    kubeStateMetrics: image("registry.k8s.io/kube-state-metrics/kube-state-metrics", "v2.20.0", "sha256:42cfe3723a5f058171c627537fb57a3ea0f26e4380fa18555a95cb1a1b4cfc5b"),
    nodeExporter: image("docker.io/prom/node-exporter", "v1.12.1", "sha256:1b4e4438faca4dd7e001dd445d161a4a2091b0fededa84093b3a8dfeae1f1be0"),
    admissionWebhookCertgen: image("ghcr.io/jkroepke/kube-webhook-certgen", "1.8.8", "sha256:cd85a621724cd9043a5b46a784578fa159437712f920166389fce830554e1c44"),
    grafana: image("docker.io/grafana/grafana", "13.2.3", "sha256:b28bae15e219c998fb0e0424ed724930cc61b1f61fb404d47c862f9a23f9e572"),
    grafanaSidecar: image("quay.io/kiwigrid/k8s-sidecar", "2.10.0", "sha256:21b9fe7bb29d65caf2445ccbf96ff6eda5e589a92bd8f5188f957fe75b551d72"),
    loki: image("docker.io/grafana/loki", "3.7.8", "sha256:1107dd5274e0ada47e42472b7a7e71f3b2a2fe878878108f3e2f9e51528f0193"),
    tempo: image("docker.io/grafana/tempo", "2.10.8", "sha256:f0561deb1c68ec44d6e6e7e4487f30106c4e5e768642077695b37958b105812a"),
    otelCollector: image("docker.io/otel/opentelemetry-collector-contrib", "0.162.0", "sha256:39923a8e431bd1f57be82411999d389fcfe40857492e4365456d97a4c1f74be6"),
    velero: image("docker.io/velero/velero", "v1.18.1", "sha256:11459094b1b21ec7c817b08f8067d9e89380835547915cac9c4132ff05b55b90"),
    veleroPluginAws: image("docker.io/velero/velero-plugin-for-aws", "v1.14.0", "sha256:7e82f717f44e89671212e0dfce7e061321c386ea84a33bca64a671670ca6c278"),
};

/** `repo:tag@digest`, for fields that take a whole reference. */
export function imageReference(img: PinnedImage): string {
    return `${img.repository}:${img.tag}@${img.digest}`;
}

/**
 * The `image: {repository, tag}` values most charts template as `repository:tag`; the tag
 * carries the digest so the rendered reference is `repo:tag@sha256:…` whatever the chart does
 * with a separate digest field.
 */
export function imageValues(img: PinnedImage): { repository: string; tag: string } {
    return { repository: img.repository, tag: `${img.tag}@${img.digest}` };
}

/** The same, for charts that template `registry/repository:tag` (kube-prometheus-stack, Grafana, Loki). */
export function registryImageValues(img: PinnedImage): { registry: string; repository: string; tag: string } {
    const [registry, ...path] = img.repository.split("/");
    return { registry, repository: path.join("/"), tag: `${img.tag}@${img.digest}` };
}

/**
 * For kube-prometheus-stack's Prometheus and Alertmanager resources: the chart writes
 * `registry/repository:tag@sha256:<sha>` and the operator reads the version from `tag`, so the tag
 * must stay a plain version (kube-prometheus-stack templates/prometheus/prometheus.yaml).
 */
export function shaImageValues(img: PinnedImage): { registry: string; repository: string; tag: string; sha: string } {
    const { registry, repository } = registryImageValues(img);
    return { registry, repository, tag: img.tag, sha: img.digest.replace(/^sha256:/, "") };
}

/**
 * For prometheus-node-exporter: it compares `tag` as a semantic version and appends the digest
 * from its own `digest` key (`image.sha` is refused; prometheus-node-exporter _helpers.tpl).
 */
export function digestImageValues(img: PinnedImage): { registry: string; repository: string; tag: string; digest: string } {
    const { registry, repository } = registryImageValues(img);
    return { registry, repository, tag: img.tag, digest: img.digest };
}

/**
 * A pinned chart as a Helm release: atomic installs, cleanup on failure, no namespace creation
 * (namespaces are ours). The release is named after the chart unless `releaseName` says otherwise.
 */
export function helmRelease(
    name: string,
    pinned: PinnedChart,
    namespace: pulumi.Input<string>,
    values: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions,
    releaseName = pinned.chart,
): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        name,
        {
            name: releaseName,
            chart: pinned.chart,
            version: pinned.version,
            repositoryOpts: { repo: pinned.repository },
            namespace,
            createNamespace: false,
            atomic: true,
            cleanupOnFail: true,
            timeout: 900,
            values,
        },
        opts,
    );
}
