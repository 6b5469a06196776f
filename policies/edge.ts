import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { asArray, tryKnown } from "./lib/values";

const INGRESS = /^kubernetes:(networking\.k8s\.io|extensions)\/[a-z0-9]+:Ingress$/;
const A = "alb.ingress.kubernetes.io/";

/** The IngressClassParams an IngressClass points at, when its controller is the AWS Load Balancer Controller. */
function wafFromClass(className: string | undefined, resources: PolicyResource[]): boolean {
    const ingressClass = resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:IngressClass" && tryKnown(() => r.props.metadata?.name) === className);
    const params = tryKnown(() => ingressClass?.props.spec?.parameters);
    if (!params || params.kind !== "IngressClassParams") {
        return false;
    }
    const classParams = resources.find((r) => r.type === "kubernetes:elbv2.k8s.aws/v1beta1:IngressClassParams" && tryKnown(() => r.props.metadata?.name) === params.name);
    const spec = tryKnown(() => classParams?.props.spec) ?? {};
    return Boolean(spec.wafv2AclArn || spec.wafv2AclName);
}

export const ingressWafAndTls: StackValidationPolicy = {
    name: "ingress-waf-and-tls",
    description: "Every internet-facing ALB Ingress has an AWS WAF web ACL attached and serves TLS.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps: `Annotate the Ingress with ${A}wafv2-acl-arn (SecureCluster's web ACL) or set wafv2AclArn in its IngressClassParams, and with ${A}certificate-arn plus ${A}listen-ports '[{"HTTPS":443}]' (or spec.tls). ServiceDeployment does this for public services.`,
    validateStack: (args, reportViolation) => {
        const classes = args.resources;
        for (const ingress of args.resources.filter((r) => INGRESS.test(r.type))) {
            const annotations: Record<string, string> = tryKnown(() => ingress.props.metadata?.annotations) ?? {};
            const className = tryKnown(() => ingress.props.spec?.ingressClassName) ?? annotations["kubernetes.io/ingress.class"];
            if (className !== "alb" && !Object.keys(annotations).some((k) => k.startsWith(A))) {
                continue;
            }
            if (annotations[`${A}scheme`] !== "internet-facing") {
                continue;
            }
            if (!annotations[`${A}wafv2-acl-arn`] && !wafFromClass(className, classes)) {
                reportViolation(
                    `Ingress "${ingress.name}" is internet-facing without a WAF web ACL; add the annotation ${A}wafv2-acl-arn (or wafv2AclArn in its IngressClassParams).`,
                    ingress.urn,
                );
            }
            const tls = Boolean(annotations[`${A}certificate-arn`]) || asArray(tryKnown(() => ingress.props.spec?.tls)).length > 0;
            const ports = String(annotations[`${A}listen-ports`] ?? "");
            if (!tls || (ports !== "" && !ports.includes("HTTPS"))) {
                reportViolation(
                    `Ingress "${ingress.name}" is internet-facing without TLS; set ${A}certificate-arn and listen only on HTTPS (${A}listen-ports '[{"HTTPS":443}]').`,
                    ingress.urn,
                );
            }
        }
    },
};

export const edgePolicies: StackValidationPolicy[] = [ingressWafAndTls];
