/**
 * The Kubernetes minor this release of the platform's add-ons is built for. Cluster Autoscaler is
 * released per Kubernetes minor and upstream supports each release on its own minor only
 * (kubernetes/autoscaler cluster-autoscaler README, "Releases"); IMAGES.clusterAutoscaler is
 * pinned to it (a test ties the two). Its own module without SDK imports: config validation reads it.
 */
export const ADDONS_KUBERNETES_MINOR = "1.35";
