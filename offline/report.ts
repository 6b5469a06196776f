import type { OptionSpec } from "./cli";
import { EXIT } from "./errors";
import { PolicyGuidance, PolicyRun, ResourceRecord, specialResourceSig, specialSecretSig, specialSigKey, unknownValue, Violation, WireObject, WireValue } from "./model";
import { COLUMNS, fit, printable, wrap } from "./text";

/** What `--json` prints; `outputs` only for a preview (an export check has none). */
export interface Report {
    stack: string;
    project: string;
    resources: ResourceView[];
    outputs?: Record<string, any>;
    violations: Violation[];
    /** What each violated policy wants and how to fix it. */
    policies: Record<string, PolicyGuidance>;
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
    /** The ID of an existing resource the stack adopts (the `import` option), or null when it creates one. */
    importId: string | null;
    /** URNs of the resources it waits for (dependsOn and the resources its inputs come from), as the engine orders them. */
    dependencies: string[];
    /** Display form of the inputs (JSON: any shape); `--json --omit-inputs` leaves them out. */
    inputs: Record<string, any>;
}

/** Options of the commands that print a policy report. */
export const REPORT_OPTIONS: Record<string, OptionSpec> = {
    "policy-config": {
        type: "string",
        value: "<file>",
        path: true,
        aliases: ["policy-pack-config"],
        description: "Policy configuration in the --policy-pack-config format (default: policies/config/<stack>.json when it exists).",
    },
    "omit-inputs": { type: "boolean", description: "Leave resource inputs out of --json (a report on thousands of resources stays small)." },
};

/** Secrets shorter than this are not searched for in messages (they would match ordinary words). */
const MIN_SCRUBBED_SECRET = 4;
/** What a secret shows as. */
const MASK = "[secret]";
/**
 * A quoted piece of a secret value this long or longer is scrubbed too (a policy may quote the
 * registry of a secret image); documents (JSON, text with spaces, anything longer than the second
 * limit) are scrubbed whole only, as their pieces are names that also appear unrelated.
 */
const MIN_SCRUBBED_PIECE = 8;
const MAX_PIECE_SCRUBBED_SECRET = 256;

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
            return MASK;
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

/** Every value the run holds as a secret, as text a message could quote: strings, and other values in JSON. */
function secretTexts(bags: WireValue[]): string[] {
    const found = new Set<string>();
    const visit = (value: WireValue, secret: boolean) => {
        if (secret && value !== null && typeof value !== "object") {
            found.add(String(value));
        }
        if (secret && value !== null && typeof value === "object") {
            found.add(JSON.stringify(value));
        }
        if (Array.isArray(value)) {
            value.forEach((item) => visit(item, secret));
        } else if (value !== null && typeof value === "object") {
            const isSecret = secret || value[specialSigKey] === specialSecretSig;
            Object.entries(value).forEach(([key, child]) => key !== specialSigKey && visit(child, isSecret));
        }
    };
    bags.forEach((bag) => visit(bag, false));
    // A secret the run never saw the value of (an export's ciphertext) is already the mask.
    return [...found].filter((text) => text.length >= MIN_SCRUBBED_SECRET && text !== MASK).sort((a, b) => b.length - a.length);
}

/** Whether a secret is one value rather than a document (a kubeconfig, a certificate) whose every word is also ordinary text. */
function isAtomic(secret: string): boolean {
    return secret.length <= MAX_PIECE_SCRUBBED_SECRET && !/\s/.test(secret) && !/^[[{]/.test(secret);
}

/**
 * A policy message with every secret of the run replaced, and every piece of a secret value (of
 * MIN_SCRUBBED_PIECE characters or more): the policy SDK hands policies secrets as plain values, so
 * a policy may quote the value it checked, or part of it.
 */
export function scrubbed(message: string, secrets: string[]): string {
    let text = message;
    for (const secret of secrets) {
        text = text.split(secret).join(MASK);
        for (let start = 0; isAtomic(secret) && start + MIN_SCRUBBED_PIECE <= secret.length; start++) {
            const piece = secret.slice(start, start + MIN_SCRUBBED_PIECE);
            for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + MASK.length)) {
                // Widen the match while the text goes on as the secret does.
                let end = at + MIN_SCRUBBED_PIECE;
                while (end < text.length && start + (end - at) < secret.length && text[end] === secret[start + (end - at)]) {
                    end++;
                }
                text = `${text.slice(0, at)}${MASK}${text.slice(end)}`;
            }
        }
    }
    return text;
}

export function buildReport(args: { stack: string; project: string; resources: ResourceRecord[]; outputs?: WireObject; policies: PolicyRun }): Report {
    const secrets = secretTexts([...args.resources.flatMap((r) => [r.inputs, r.outputs]), args.outputs ?? {}]);
    const violations = args.policies.violations.map((v) => ({ ...v, message: scrubbed(v.message, secrets) }));
    const count = (level: Violation["enforcementLevel"]) => violations.filter((v) => v.enforcementLevel === level).length;
    const violated = [...new Set(violations.map((v) => v.policy))];
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
            importId: r.importId ?? null,
            dependencies: r.dependencies,
            inputs: displayValue(r.inputs) as Record<string, unknown>,
        })),
        ...(args.outputs ? { outputs: displayValue(args.outputs) as Record<string, unknown> } : {}),
        violations,
        policies: Object.fromEntries(violated.map((policy) => [policy, args.policies.guidance[policy] ?? { description: "", remediation: "" }])),
        summary: { resources: args.resources.length, mandatory: count("mandatory"), advisory: count("advisory") },
    };
}

export function reportExitCode(report: Report): number {
    return report.summary.mandatory > 0 ? EXIT.policyFailure : EXIT.ok;
}

function renderTree(resources: ResourceView[], marker: string): string[] {
    const urns = new Set(resources.map((r) => r.urn));
    const children = new Map<string | null, ResourceView[]>();
    for (const r of resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : null;
        children.set(parent, children.get(parent) ?? []);
        children.get(parent)!.push(r);
    }
    const rows: { label: string; name: string }[] = [];
    const visit = (parent: string | null, prefix: string) => {
        const list = children.get(parent) ?? [];
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            const branch = parent === null ? "" : last ? "└─ " : "├─ ";
            const flags = [r.importId ? `import ${r.importId}` : "", r.protect ? "protected" : "", r.retainOnDelete ? "retain-on-delete" : ""].filter(Boolean);
            rows.push({ label: `${prefix}${branch}${printable(r.type)}`, name: `${printable(r.name)}${flags.length ? `  [${flags.join(", ")}]` : ""}` });
            visit(r.urn, parent === null ? prefix : prefix + (last ? "   " : "│  "));
        });
    };
    visit(null, "");
    // The type column takes what it needs, but leaves the longest name (up to half the line) its room.
    const longestName = Math.min(Math.floor(COLUMNS / 2), Math.max(4, ...rows.map((row) => row.name.length)));
    const width = Math.min(COLUMNS - 9 - longestName, Math.max(4, ...rows.map((row) => row.label.length)));
    const column = (label: string) => (label.length > width ? `${label.slice(0, width - 1)}…` : label.padEnd(width));
    return [`     ${"Type".padEnd(width)}  Name`, ...rows.map((row) => fit(` ${marker}   ${column(row.label)}  ${row.name}`))];
}

function renderViolations(report: Report): string[] {
    if (report.violations.length === 0) {
        return ["Policies:", "    no violations"];
    }
    const byUrn = new Map(report.resources.map((r) => [r.urn, r]));
    const groups = new Map<string, Violation[]>();
    for (const v of report.violations) {
        const key = `${v.policyPack}\u0000${v.policy}\u0000${v.enforcementLevel}`;
        groups.set(key, groups.get(key) ?? []);
        groups.get(key)!.push(v);
    }
    const lines = ["Policy violations:"];
    for (const [key, list] of groups) {
        const [pack, policy, level] = key.split("\u0000");
        const { description, remediation } = report.policies[policy] ?? { description: "", remediation: "" };
        lines.push(`    [${level}]  ${policy}  (${pack}, ${list.length} violation${list.length === 1 ? "" : "s"})`);
        lines.push(...wrap(description, "        "));
        if (remediation) {
            lines.push(...wrap(`Fix: ${remediation}`, "        "));
        }
        for (const v of list) {
            const resource = v.urn ? byUrn.get(v.urn) : undefined;
            lines.push(fit(`        - ${resource ? `${printable(resource.type)}  ${printable(resource.name)}` : printable(v.urn ?? "the stack")}`));
            // The pack prefixes each message with the policy's description, printed once above.
            const own = description && v.message.startsWith(`${description}\n`) ? v.message.slice(description.length + 1) : v.message;
            lines.push(...wrap(own, "          "));
        }
    }
    return lines;
}

/** The preview's summary line: Pulumi's `+ N to create`, and `= M to import` where the stack adopts existing resources. */
function createdAndImported(resources: ResourceView[]): string {
    const imported = resources.filter((r) => r.importId).length;
    return `    + ${resources.length - imported} to create` + (imported > 0 ? `\n    = ${imported} to import` : "");
}

/** `marker` prefixes each resource line: "+" for a preview's creates, " " for an audited export. */
export function renderHuman(report: Report, heading: string, marker: string): string {
    const { summary } = report;
    const outputs = Object.keys(report.outputs ?? {}).sort();
    const lines = [
        ...wrap(heading, ""),
        "",
        ...renderTree(report.resources, marker),
        "",
        ...renderViolations(report),
        "",
        ...(outputs.length > 0 ? ["Outputs:", ...outputs.map((k) => `    ${printable(k)}`), ""] : []),
        "Resources:",
        marker === "+" ? createdAndImported(report.resources) : `    ${summary.resources} in the export`,
        "",
        `Policies: ${summary.mandatory} mandatory and ${summary.advisory} advisory violation${summary.mandatory + summary.advisory === 1 ? "" : "s"}` +
            (summary.mandatory > 0 ? " - this change would be blocked." : "."),
    ];
    return lines.join("\n") + "\n";
}

/** The report as `--json` (with or without inputs) or for people. */
export function formatReport(report: Report, values: Record<string, string | boolean | undefined>, heading: string, marker: string): string {
    if (!values.json) {
        return renderHuman(report, heading, marker);
    }
    const shown = values["omit-inputs"] ? { ...report, resources: report.resources.map(({ inputs: _inputs, ...rest }) => rest) } : report;
    return JSON.stringify(shown, null, 2) + "\n";
}
