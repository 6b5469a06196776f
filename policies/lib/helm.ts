/**
 * Images set through Helm values. Charts spell images in a few common shapes; we recognise
 * `image: "repo:tag"` and `image: {registry?, repository, tag?, digest?}` anywhere in the values.
 */

const HELM_TYPES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v4:Chart"]);

export function isHelmType(type: string): boolean {
    return HELM_TYPES.has(type);
}

export interface HelmImage {
    /** Path inside the resource's inputs, e.g. `values.controller.image`. */
    path: string;
    /** The reference the chart will render, e.g. `registry.k8s.io/metrics-server:v0.8.1@sha256:…`. */
    reference: string;
    /** True when the values set neither tag nor digest: the chart then renders its appVersion tag. */
    tagFromChart: boolean;
}

/** Stands in for the repository when values override only the tag or digest of the chart's default image. */
export const CHART_DEFAULT_REPOSITORY = "chart-default-image";

function nonEmpty(value: unknown): value is string {
    return typeof value === "string" && value !== "";
}

/**
 * Composes the object form the way most charts template it: `registry/repository:tag@digest`
 * (`sha` is kube-prometheus-stack's spelling of the digest). Undefined when the object sets none
 * of repository, tag or digest (nothing to judge).
 */
function composeImage(image: Record<string, any>): Omit<HelmImage, "path"> | undefined {
    const { registry, repository, tag } = image;
    const digest = nonEmpty(image.digest) ? image.digest : nonEmpty(image.sha) ? (image.sha.includes(":") ? image.sha : `sha256:${image.sha}`) : undefined;
    if (!nonEmpty(repository) && !nonEmpty(tag) && !nonEmpty(digest)) {
        return undefined;
    }
    const reference = [
        nonEmpty(registry) ? `${registry}/` : "",
        nonEmpty(repository) ? repository : CHART_DEFAULT_REPOSITORY,
        nonEmpty(tag) ? `:${tag}` : "",
        nonEmpty(digest) ? `@${digest}` : "",
    ].join("");
    return { reference, tagFromChart: !nonEmpty(tag) && !nonEmpty(digest) };
}

function walk(value: unknown, path: string, found: HelmImage[]): void {
    if (Array.isArray(value)) {
        value.forEach((item, index) => walk(item, `${path}[${index}]`, found));
        return;
    }
    if (value === null || typeof value !== "object") {
        return;
    }
    for (const key of Object.keys(value)) {
        const child = (value as Record<string, unknown>)[key];
        const childPath = `${path}.${key}`;
        if (key === "image" && typeof child === "string") {
            found.push({ path: childPath, reference: child, tagFromChart: false });
            continue;
        }
        // `image: {…}`, or any object naming a repository and a tag or digest (e.g. tempo's `tempo: {repository, tag}`).
        const imageLike =
            child !== null &&
            typeof child === "object" &&
            !Array.isArray(child) &&
            (key === "image" || (nonEmpty((child as any).repository) && ((child as any).tag !== undefined || (child as any).digest !== undefined)));
        if (imageLike) {
            const image = composeImage(child as Record<string, any>);
            if (image) {
                found.push({ path: childPath, ...image });
                continue;
            }
        }
        walk(child, childPath, found);
    }
}

/** Every image reference recognisable in a Helm resource's `values`. */
export function helmImages(props: Record<string, any>): HelmImage[] {
    const found: HelmImage[] = [];
    walk(props.values, "values", found);
    return found;
}
