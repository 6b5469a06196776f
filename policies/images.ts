import { ResourceValidationPolicy } from "@pulumi/policy";
import { helmImages, isHelmType } from "./lib/helm";
import { mutableImageProblem, pinnedExample } from "./lib/image-reference";
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

export const noMutableImages: ResourceValidationPolicy = {
    name: "image-no-latest-or-untagged",
    description: "Container images must name an immutable version: never `:latest`, never untagged.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Pin the image by digest (repo:1.2.3@sha256:<64 hex>), as `crane digest repo:1.2.3` or `docker buildx imagetools inspect` print it.",
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

export const imagePolicies: ResourceValidationPolicy[] = [noMutableImages];
