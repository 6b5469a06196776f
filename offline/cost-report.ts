import { CostEstimate, CostResource } from "../policies/lib/cost-estimate";
import { ResourceRecord } from "./model";
import { displayValue } from "./report";
import { printable } from "./text";

/** The cost estimate of a stack's offline run, for people. */

/** The program's registered resources as the estimator reads them, each with its provider's region. */
export function costResources(records: ResourceRecord[]): CostResource[] {
    const byUrn = new Map(records.map((r) => [r.urn, r]));
    return records.map((r) => {
        const provider = r.provider ? byUrn.get(r.provider.slice(0, r.provider.lastIndexOf("::"))) : undefined;
        const region = provider?.inputs.region;
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            props: displayValue(r.inputs) as Record<string, any>,
            region: typeof region === "string" ? region : undefined,
        };
    });
}

export const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const range = (min: number, max: number) => (min === max ? usd(min) : `${usd(min)} - ${usd(max)}`);

export function renderCost(stack: string, estimate: CostEstimate): string {
    const lines = [`Monthly cost estimate of stack "${stack}" (${estimate.region}), from its offline preview; prices of ${estimate.date}.`, ""];
    for (const [component, total] of Object.entries(estimate.byComponent).sort((a, b) => b[1].max - a[1].max)) {
        lines.push(`${component.padEnd(60)} ${range(total.min, total.max)}`);
        // Identical items of a component (three KMS keys) print once with their count.
        const grouped = new Map<string, { line: (typeof estimate.lines)[number]; count: number; min: number; max: number }>();
        for (const line of estimate.lines.filter((l) => l.component === component && l.monthlyMax > 0)) {
            const key = `${line.item}\u0000${line.basis}`;
            const entry = grouped.get(key) ?? { line, count: 0, min: 0, max: 0 };
            grouped.set(key, { line, count: entry.count + 1, min: entry.min + line.monthlyMin, max: entry.max + line.monthlyMax });
        }
        for (const { line, count, min, max } of grouped.values()) {
            const item = count > 1 ? `${line.item} (× ${count})` : line.item;
            lines.push(`    ${item.padEnd(56)} ${range(min, max).padEnd(24)} ${line.basis}`);
        }
    }
    lines.push(
        "",
        `Total: ${range(estimate.totalMin, estimate.totalMax)} per month (node pools at minimum - maximum size).`,
        `The spot pool saves ${range(estimate.spotSavingMin, estimate.spotSavingMax)} per month against the same nodes on demand.`,
        "",
        "Per service (share of node cost by requests at min - max replicas, plus its own resources):",
        ...Object.entries(estimate.byService).map(
            ([service, share]) => `    ${service.padEnd(20)} nodes ${range(share.nodesMin, share.nodesMax).padEnd(24)} own ${usd(share.own)}`,
        ),
        "",
        estimate.notPriced.length === 0 ? "Not priced: no resource of the stack." : `Not priced (${estimate.notPriced.length} resources, not included above):`,
        ...estimate.notPriced.map((n) => `    ${printable(n.type)}  ${printable(n.name)}  (${printable(n.component)}): ${n.reason}`),
        "",
        "Not modelled (not included above, for any stack):",
        ...estimate.notModelled.map((item) => `    ${item}`),
        "",
        `Prices: ${estimate.source}`,
    );
    return lines.join("\n") + "\n";
}
