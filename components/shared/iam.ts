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

/**
 * Trust policy for EKS Pod Identity: the agent assumes the role and tags the session with the pod's
 * identity; the conditions on those session tags let only this cluster's service account assume it
 * (dev and prod share an account). EKS user guide, pod-id-role: `aws:RequestTag/eks-cluster-arn`,
 * `kubernetes-namespace`, `kubernetes-service-account`.
 */
export function podIdentityTrustPolicy(clusterArn: pulumi.Input<string>, namespace: string, serviceAccount: string): pulumi.Output<string> {
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:RequestTag/eks-cluster-arn": clusterArn,
                    "aws:RequestTag/kubernetes-namespace": namespace,
                    "aws:RequestTag/kubernetes-service-account": serviceAccount,
                },
            },
        },
    ]);
}

/**
 * A bucket policy statement denying object actions to every principal but these: aws:PrincipalArn
 * conditions rather than principals, so it is valid before the roles exist.
 */
export function denyObjectActionsExcept(
    sid: string,
    bucketArn: pulumi.Input<string>,
    actions: string[],
    principals: pulumi.Input<string> | pulumi.Input<string>[],
): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Deny",
        Principal: "*",
        Action: actions,
        Resource: pulumi.interpolate`${bucketArn}/*`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": principals } },
    };
}

/** The AWS account, partition and region resources are built in. */
export interface AwsContext {
    /** Known before deploying (stack config): import IDs and ARNs of account singletons are built from it. */
    accountId: string;
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
