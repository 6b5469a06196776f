import { ResourceValidationPolicy } from "@pulumi/policy";
import { helmImages, isHelmType } from "./lib/helm";
import { mutableImageProblem, parseImageReference, pinnedExample } from "./lib/image-reference";
import { configOf } from "./lib/values";
import { describeContainer, podSpecOf } from "./lib/workloads";

/** One image a resource will run, with where it is set. */
interface ImageUse {
    /** Human label naming the container or Helm value, e.g. `container "api" (spec.template.spec.containers[0])`. */
    where: string;
    reference: string;
    /** Helm values that set neither tag nor digest: the chart's appVersion tag applies. */
    tagFromChart: boolean;
}

/** Every image of a workload (all container lists) or of a Helm release/chart's values. */
export function imagesOf(type: string, props: Record<string, any>): ImageUse[] {
    if (isHelmType(type)) {
        return helmImages(props).map((image) => ({ where: `Helm value ${image.path}`, reference: image.reference, tagFromChart: image.tagFromChart }));
    }
    const pod = podSpecOf(type, props);
    if (!pod) {
        return [];
    }
    return pod.containers
        .filter((ref) => ref.container.image !== undefined)
        .map((ref) => ({ where: describeContainer(ref), reference: String(ref.container.image), tagFromChart: false }));
}

const PIN_HOWTO = "Pin the image by digest (repo:1.2.3@sha256:<64 hex>), as `crane digest repo:1.2.3` or `docker buildx imagetools inspect repo:1.2.3` print it.";

export const noMutableImages: ResourceValidationPolicy = {
    name: "image-no-latest-or-untagged",
    description: "Container images must name an immutable version: never `:latest`, never untagged.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: PIN_HOWTO,
    validateResource: (args, reportViolation) => {
        for (const image of imagesOf(args.type, args.props)) {
            if (image.tagFromChart) {
                continue;
            }
            const problem = mutableImageProblem(image.reference);
            if (problem) {
                reportViolation(`${image.where}: image "${image.reference}" ${problem}; pin it by digest, e.g. ${pinnedExample(image.reference)}.`);
            }
        }
    },
};

export const imagesPinnedByDigest: ResourceValidationPolicy = {
    name: "image-pinned-by-digest",
    description: "Container images must be pinned by digest (`repo@sha256:<64 hex>`, optionally with a tag): a tag can be moved, a digest cannot.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: `${PIN_HOWTO} For Helm values set \`image.digest\`. Renovate keeps digests current.`,
    validateResource: (args, reportViolation) => {
        for (const image of imagesOf(args.type, args.props)) {
            const ref = parseImageReference(image.reference);
            // Mutable and malformed references are the other policy's finding; report each problem once.
            if (typeof ref === "string" || ref.digest || (!image.tagFromChart && mutableImageProblem(image.reference))) {
                continue;
            }
            const what = image.tagFromChart ? "takes the chart's appVersion tag and no digest" : `has tag "${ref.tag}" but no digest`;
            reportViolation(`${image.where}: image "${image.reference}" ${what}; pin it, e.g. ${pinnedExample(image.reference)}.`);
        }
    },
};

interface RegistryConfig {
    allowedRegistries: string[];
}

export const allowedRegistries: ResourceValidationPolicy = {
    name: "image-registry-allowed",
    description: "Images come only from the registries the platform trusts (when `allowedRegistries` is set).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps:
        "Mirror the image into an allowed registry (our ECR, with replication and scan on push) and reference it from there, or add the registry to `allowedRegistries` in policies/config/<stack>.json after review.",
    configSchema: {
        properties: {
            allowedRegistries: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Registry hosts images may come from (e.g. 111122223333.dkr.ecr.us-east-1.amazonaws.com, registry.k8s.io). Images without a host come from docker.io. Empty allows every registry.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { allowedRegistries: allowed } = configOf<RegistryConfig>(args, { allowedRegistries: [] });
        if (allowed.length === 0) {
            return;
        }
        for (const image of imagesOf(args.type, args.props)) {
            const ref = parseImageReference(image.reference);
            if (typeof ref === "string" || image.tagFromChart) {
                continue;
            }
            const registry = ref.registry ?? "docker.io";
            if (!allowed.includes(registry)) {
                reportViolation(
                    `${image.where}: image "${image.reference}" comes from registry "${registry}", which is not one of the allowed registries (${allowed.join(", ")}).`,
                );
            }
        }
    },
};

export const ecrRepositoryHardened: ResourceValidationPolicy = {
    name: "ecr-repository-immutable-and-scanned",
    description: "ECR repositories keep tags immutable and scan every image on push.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: 'Set `imageTagMutability: "IMMUTABLE"` and `imageScanningConfiguration: { scanOnPush: true }` on the aws.ecr.Repository.',
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:ecr/repository:Repository") {
            return;
        }
        const mutability = args.props.imageTagMutability ?? "MUTABLE";
        if (!String(mutability).startsWith("IMMUTABLE")) {
            reportViolation(`imageTagMutability is "${mutability}"; set it to "IMMUTABLE" so a pushed tag can never point at other content.`);
        }
        if (args.props.imageScanningConfiguration?.scanOnPush !== true) {
            reportViolation("imageScanningConfiguration.scanOnPush is not true; enable it so every pushed image is scanned for vulnerabilities.");
        }
    },
};

export const imagePolicies: ResourceValidationPolicy[] = [noMutableImages, imagesPinnedByDigest, allowedRegistries, ecrRepositoryHardened];
