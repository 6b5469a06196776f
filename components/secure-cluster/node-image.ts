/**
 * The nodes' AMI type (EKS managed node groups) and the CPU architecture its images need. Its own
 * module without SDK imports: config validation reads it before any SDK is loaded.
 */
export const NODE_IMAGE = { amiType: "AL2023_x86_64_STANDARD", arch: "amd64" } as const;
