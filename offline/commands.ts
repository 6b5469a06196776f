import { CommandSpec, EXIT_CODE_NOTES, OUTPUT_OPTIONS, STACK_OPTIONS } from "./cli";
import { REPORT_OPTIONS } from "./report";

/**
 * Every npm script that runs a command of this project: what it is, its flags and the module it
 * runs. Each command's module takes its spec from here; `--help`, the README's command reference
 * and the tests read them from here too.
 */

export const MAX_JOBS = 64;

export const PREVIEW: CommandSpec = {
    name: "npm run preview --",
    summary: "Offline preview of a stack: the real program under Pulumi's mocks, then the real policy pack over every resource it registers.",
    options: { ...STACK_OPTIONS, ...REPORT_OPTIONS, ...OUTPUT_OPTIONS },
    notes: EXIT_CODE_NOTES,
};

export const CHECK: CommandSpec = {
    name: "npm run check --",
    summary:
        "The policy pack over a `pulumi stack export` file (deployment version 3): inputs to Analyze, outputs, parents and dependencies to AnalyzeStack. " +
        "The export is read once; Analyze calls are spread over --jobs pack processes, AnalyzeStack runs once, and the report is the same for any --jobs.",
    argument: { name: "<stack-export.json>", description: "The file `pulumi stack export` wrote.", path: true },
    options: {
        ...REPORT_OPTIONS,
        jobs: { type: "string", value: "<n>", description: `Policy pack processes sharing the Analyze calls, 1 to ${MAX_JOBS} (default: one per core).` },
        ...OUTPUT_OPTIONS,
    },
    notes: EXIT_CODE_NOTES,
};

export const COST: CommandSpec = {
    name: "npm run cost --",
    summary: "The stack's monthly cost, estimated from its offline preview and the dated price table (policies/lib/prices.json).",
    options: { ...STACK_OPTIONS, ...OUTPUT_OPTIONS },
    notes: EXIT_CODE_NOTES,
};

export const DR_CHECK: CommandSpec = {
    name: "npm run dr:check --",
    summary:
        "Verifies offline, from both stacks' previews, what the disaster-recovery runbook relies on: the standby runs what the primary runs, replication, backups and failover.",
    options: { ...STACK_OPTIONS, stack: { ...STACK_OPTIONS.stack, description: "The standby stack (its platform:dr.role is standby); required." }, ...OUTPUT_OPTIONS },
    notes: ["Exit code 5: a guarantee the runbook relies on is missing.", ...EXIT_CODE_NOTES],
};

export const RENDER_MANIFESTS: CommandSpec = {
    name: "npm run render-manifests --",
    summary: "Writes the Kubernetes objects of a stack's offline preview as YAML manifests, one file per object, for scanners that read manifests.",
    options: {
        stack: STACK_OPTIONS.stack,
        out: { type: "string", value: "<folder>", path: true, description: "Folder to write the manifests to (created if missing); required." },
    },
    notes: EXIT_CODE_NOTES,
};

export const IMAGES: CommandSpec = {
    name: "npm run images --",
    summary: "Every image the platform runs, pinned by digest: the charts' (public registries) and the services' (our ECR), one per line.",
    options: { "github-output": { type: "boolean", description: "Print them as the public= and private= JSON lists the security workflow scans." } },
};

export const BENCH: CommandSpec = {
    name: "npm run bench --",
    summary: "The offline commands' speed in one run, side by side: the SDK-load floor, each stack's preview, check with one pack process and with one per core.",
    options: {
        reps: { type: "string", value: "<n>", description: "Runs of each case, interleaved; the median is shown (default 3)." },
        sizes: { type: "string", value: "<n,n>", description: "Workloads in the synthetic exports checked with 1 and with --jobs processes (default 1000,10000)." },
        memory: { type: "string", value: "<n>", description: "Workloads in the export checked once with --jobs processes for peak memory (default 20000)." },
        jobs: { type: "string", value: "<n>", description: "Pack processes of the parallel check (default: one per core)." },
    },
};

export const DOCS_POLICIES: CommandSpec = {
    name: "npm run docs:policies --",
    summary: "Writes policies/README.md, the policy reference, from the pack's own metadata and the per-stack config.",
    options: {},
};

export const DOCS_README: CommandSpec = {
    name: "npm run docs:readme --",
    summary: "Writes the README's generated parts (command reference, sample outputs, cost table) from real offline runs; a test fails when they drift.",
    options: {},
};

export const GENERATE_TAGGABLE_TYPES: CommandSpec = {
    name: "npm run generate:taggable-types --",
    summary: "Writes policies/lib/aws-taggable-types.json: every @pulumi/aws resource type whose arguments take tags.",
    options: {},
};

export const GENERATE_INSTANCE_TYPES: CommandSpec = {
    name: "npm run generate:instance-types --",
    summary:
        "Writes policies/lib/instance-types.json from AWS's published data: network interfaces and addresses per interface (amazon-eks-ami nodeadm's " +
        "instance-info.jsonl, which sets max pods), vCPU, memory and architecture (Karpenter's generated instance-types reference).",
    options: {
        "instance-info": { type: "string", value: "<file>", path: true, description: "awslabs/amazon-eks-ami nodeadm/internal/kubelet/instance-info.jsonl; required." },
        "instance-types-doc": {
            type: "string",
            value: "<file>",
            path: true,
            description: "aws/karpenter-provider-aws website/content/en/docs/reference/instance-types.md; required.",
        },
        source: { type: "string", value: "<text>", description: "Where the two files came from (repository, path and commit), recorded in the table; required." },
    },
};

export const EKS_LIFECYCLE: CommandSpec = {
    name: "npm run eks:lifecycle --",
    summary:
        "Where each stack's Kubernetes version stands in EKS's support calendar (policies/lib/eks-versions.ts) on a date: a warning within 90 days of " +
        "the end of standard support, an error (exit 5) after it or for a version the calendar does not list. The scheduled workflow runs it daily.",
    options: {
        date: { type: "string", value: "<yyyy-mm-dd>", description: "Evaluate on this date instead of today (UTC); PLATFORM_CHECK_DATE does the same." },
    },
};

/** The npm scripts of these commands and the build module each one runs. */
export const COMMANDS: Record<string, { module: string; spec: CommandSpec }> = {
    preview: { module: "offline/preview", spec: PREVIEW },
    check: { module: "offline/check", spec: CHECK },
    cost: { module: "offline/cost", spec: COST },
    "dr:check": { module: "offline/dr-check", spec: DR_CHECK },
    "render-manifests": { module: "scripts/render-manifests", spec: RENDER_MANIFESTS },
    images: { module: "scripts/list-images", spec: IMAGES },
    bench: { module: "scripts/bench", spec: BENCH },
    "docs:policies": { module: "scripts/generate-policy-docs", spec: DOCS_POLICIES },
    "docs:readme": { module: "scripts/readme", spec: DOCS_README },
    "generate:taggable-types": { module: "scripts/generate-taggable-types", spec: GENERATE_TAGGABLE_TYPES },
    "generate:instance-types": { module: "scripts/generate-instance-types", spec: GENERATE_INSTANCE_TYPES },
    "eks:lifecycle": { module: "scripts/eks-lifecycle", spec: EKS_LIFECYCLE },
};
