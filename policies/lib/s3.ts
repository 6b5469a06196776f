import { PolicyResource } from "@pulumi/policy";
import { tryKnown } from "./values";

/** S3 buckets and the separate resources that configure them (aws 7 splits encryption, versioning, access blocks out). */

export const S3_BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/**
 * Groups configuration resources of `types` by the bucket they configure: by dependency on the
 * bucket (its name may be unknown during preview), else by bucket name. Linear in resources.
 */
export function bucketsWith(resources: PolicyResource[], types: string[]): { bucket: PolicyResource; configs: PolicyResource[] }[] {
    const buckets = resources.filter((r) => S3_BUCKET_TYPES.includes(r.type));
    const configs = resources.filter((r) => types.includes(r.type));
    const byUrn = new Map(buckets.map((b) => [b.urn, [] as PolicyResource[]]));
    const byName = new Map<string, PolicyResource>();
    for (const bucket of buckets) {
        const name = tryKnown(() => bucket.props.bucket);
        if (typeof name === "string") {
            byName.set(name, bucket);
        }
    }
    for (const config of configs) {
        const deps = [...(config.propertyDependencies?.bucket ?? []), ...config.dependencies];
        const viaDeps = deps.find((d) => byUrn.has(d.urn));
        const target = tryKnown(() => config.props.bucket);
        const bucket = viaDeps ?? (typeof target === "string" ? byName.get(target) : undefined);
        if (bucket) {
            byUrn.get(bucket.urn)!.push(config);
        }
    }
    return buckets.map((bucket) => ({ bucket, configs: byUrn.get(bucket.urn)! }));
}
