import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/** IAM policy documents as data, serialised once: least privilege stays readable. */

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: pulumi.Input<Record<string, pulumi.Input<string | string[]>> | "*">;
    Action: string | string[];
    Resource?: pulumi.Input<string> | pulumi.Input<string>[];
    Condition?: pulumi.Input<Record<string, Record<string, pulumi.Input<string | boolean | pulumi.Input<string>[]>>>>;
}

export function policyDocument(statements: pulumi.Input<PolicyStatement>[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy for roles an AWS service assumes on our behalf (e.g. `vpc-flow-logs.amazonaws.com`). */
export function serviceTrustPolicy(service: string, condition?: PolicyStatement["Condition"]): pulumi.Output<string> {
    return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }]);
}

/** Trust policy for EKS Pod Identity: the agent assumes the role and tags the session with the pod's identity. */
export function podIdentityTrustPolicy(): pulumi.Output<string> {
    return policyDocument([{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }]);
}

/** The AWS account, partition and region resources are built in. */
export interface AwsContext {
    accountId: pulumi.Input<string>;
    partition: string;
    region: string;
}

export function accountRootArn(ctx: AwsContext): pulumi.Output<string> {
    return pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}

/**
 * A role name fixed in advance (bucket policies name it before it exists), within IAM's 64
 * characters: long names keep a readable prefix and end in a hash of the whole, so they stay unique.
 */
export function iamRoleName(...parts: string[]): string {
    const full = parts.join("-");
    return full.length <= 64 ? full : `${full.slice(0, 55)}-${createHash("sha256").update(full).digest("hex").slice(0, 8)}`;
}
