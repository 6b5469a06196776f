import { PolicyRun, ResourceRecord, specialResourceSig, specialSecretSig, specialSigKey, unknownValue, Violation, WireObject, WireValue } from "./model";

/** What `--json` prints; `outputs` only for a preview (an export check has none). */
export interface Report {
    stack: string;
    project: string;
    resources: ResourceView[];
    outputs?: Record<string, any>;
    violations: Violation[];
    summary: { resources: number; mandatory: number; advisory: number };
}

export interface ResourceView {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string | null;
    protect: boolean;
    retainOnDelete: boolean;
    /** Display form of the inputs (JSON: any shape). */
    inputs: Record<string, any>;
}

/** Wire-format values for people: secrets as "[secret]", unknowns as "[unknown]", resource references as their URN. */
export function displayValue(value: WireValue): unknown {
    if (value === unknownValue) {
        return "[unknown]";
    }
    if (Array.isArray(value)) {
        return value.map(displayValue);
    }
    if (value !== null && typeof value === "object") {
        const sig = value[specialSigKey];
        if (sig === specialSecretSig) {
            return "[secret]";
        }
        if (sig === specialResourceSig) {
            return value.urn;
        }
        const result: Record<string, unknown> = {};
        for (const [key, child] of Object.entries(value)) {
            if (key !== specialSigKey) {
                result[key] = displayValue(child);
            }
        }
        return result;
    }
    return value;
}

export function buildReport(args: { stack: string; project: string; resources: ResourceRecord[]; outputs?: WireObject; policies: PolicyRun }): Report {
    const violations = args.policies.violations;
    const count = (level: Violation["enforcementLevel"]) => violations.filter((v) => v.enforcementLevel === level).length;
    return {
        stack: args.stack,
        project: args.project,
        resources: args.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            custom: r.custom,
            parent: r.parent ?? null,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            inputs: displayValue(r.inputs) as Record<string, unknown>,
        })),
        ...(args.outputs ? { outputs: displayValue(args.outputs) as Record<string, unknown> } : {}),
        violations,
        summary: { resources: args.resources.length, mandatory: count("mandatory"), advisory: count("advisory") },
    };
}

function renderTree(resources: ResourceView[], marker: string): string[] {
    const urns = new Set(resources.map((r) => r.urn));
    const children = new Map<string | null, ResourceView[]>();
    for (const r of resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : null;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const rows: { label: string; name: string }[] = [];
    const visit = (parent: string | null, prefix: string) => {
        const list = children.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            const branch = parent === null ? "" : last ? "└─ " : "├─ ";
            const flags = [r.protect ? "protected" : "", r.retainOnDelete ? "retain-on-delete" : ""].filter(Boolean);
            rows.push({ label: `${prefix}${branch}${r.type}`, name: `${r.name}${flags.length ? `  [${flags.join(", ")}]` : ""}` });
            visit(r.urn, parent === null ? prefix : prefix + (last ? "   " : "│  "));
        });
    };
    visit(null, "");
    const width = Math.max(4, ...rows.map((row) => row.label.length));
    return [`     ${"Type".padEnd(width)}  Name`, ...rows.map((row) => ` ${marker}   ${row.label.padEnd(width)}  ${row.name}`)];
}

function renderViolations(report: Report): string[] {
    if (report.violations.length === 0) {
        return ["Policies:", "    no violations"];
    }
    const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
    const groups = new Map<string, Violation[]>();
    for (const v of report.violations) {
        const key = `${v.policyPack}\u0000${v.policy}\u0000${v.enforcementLevel}`;
        groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    const lines = ["Policy violations:"];
    for (const [key, list] of groups) {
        const [pack, policy, level] = key.split("\u0000");
        lines.push(`    [${level}]  ${policy}  (${pack}, ${list.length} violation${list.length === 1 ? "" : "s"})`);
        for (const v of list) {
            const resource = v.urn ? byUrn.get(v.urn) : undefined;
            const target = resource ? `${resource.type}  ${resource.name}` : (v.urn ?? "stack");
            lines.push(`        - ${target}`);
            for (const line of v.message.split("\n")) {
                lines.push(`          ${line}`);
            }
        }
    }
    return lines;
}

/** `marker` prefixes each resource line: "+" for a preview's creates, " " for an audited export. */
export function renderHuman(report: Report, heading: string, marker: string): string {
    const { summary } = report;
    const lines = [
        heading,
        "",
        ...renderTree(report.resources, marker),
        "",
        ...renderViolations(report),
        "",
        `Summary: ${summary.resources} resources; ${summary.mandatory} mandatory and ${summary.advisory} advisory policy violations` +
            (summary.mandatory > 0 ? " - this change would be blocked." : "."),
    ];
    if (report.outputs && Object.keys(report.outputs).length > 0) {
        lines.splice(
            lines.length - 1,
            0,
            "Outputs:",
            ...Object.keys(report.outputs)
                .sort()
                .map((k) => `    ${k}`),
            "",
        );
    }
    return lines.join("\n") + "\n";
}
