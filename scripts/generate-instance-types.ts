import * as fs from "fs";
import * as path from "path";
import { Invocation, runCommand } from "../offline/cli";
import { GENERATE_INSTANCE_TYPES } from "../offline/commands";
import { EXIT, UsageError } from "../offline/errors";
import { POLICY_PACK_DIR } from "../offline/paths";
import { InstanceTypeFacts, InstanceTypeTable } from "../policies/lib/instance-types";

/**
 * Regenerates policies/lib/instance-types.json from two files AWS publishes: amazon-eks-ami's
 * nodeadm instance-info.jsonl (network interfaces and IPv4 addresses per interface, synced daily
 * from EC2 DescribeInstanceTypes; nodeadm derives max pods from them) and Karpenter's generated
 * instance-types reference (vCPU, memory and architecture from DescribeInstanceTypes). Only types
 * present in both are kept.
 */

export const INSTANCE_TYPES_FILE = path.join(POLICY_PACK_DIR, "lib/instance-types.json");

/** `{"instanceType":"m7i.large","defaultMaxENIs":3,"ipv4AddressesPerInterface":10}` per line. */
export function parseInstanceInfo(text: string): Map<string, { enis: number; ipv4PerEni: number }> {
    const found = new Map<string, { enis: number; ipv4PerEni: number }>();
    for (const line of text.split("\n").filter((l) => l.trim())) {
        const row = JSON.parse(line) as { instanceType: string; defaultMaxENIs: number; ipv4AddressesPerInterface: number };
        found.set(row.instanceType, { enis: row.defaultMaxENIs, ipv4PerEni: row.ipv4AddressesPerInterface });
    }
    return found;
}

/** Sections "### `m7i.large`" with label rows ` |karpenter.k8s.aws/instance-cpu|2|`. */
export function parseKarpenterReference(text: string): Map<string, { vcpu: number; memoryMiB: number; arch: string }> {
    const found = new Map<string, { vcpu: number; memoryMiB: number; arch: string }>();
    for (const section of text.split(/^### `/m).slice(1)) {
        const name = section.slice(0, section.indexOf("`"));
        const label = (key: string) => new RegExp(`^\\s*\\|${key.replace(/[./]/g, "\\$&")}\\|([^|]+)\\|`, "m").exec(section)?.[1];
        const vcpu = Number(label("karpenter.k8s.aws/instance-cpu"));
        const memoryMiB = Number(label("karpenter.k8s.aws/instance-memory"));
        const arch = label("kubernetes.io/arch");
        if (vcpu > 0 && memoryMiB > 0 && arch) {
            found.set(name, { vcpu, memoryMiB, arch });
        }
    }
    return found;
}

export function instanceTypeTable(instanceInfo: string, karpenterReference: string, source: string, date: string): InstanceTypeTable {
    const network = parseInstanceInfo(instanceInfo);
    const shapes = parseKarpenterReference(karpenterReference);
    const types: Record<string, InstanceTypeFacts> = {};
    for (const name of [...shapes.keys()].sort()) {
        const enis = network.get(name);
        if (enis) {
            types[name] = { ...shapes.get(name)!, ...enis };
        }
    }
    return { source, date, types };
}

function required(invocation: Invocation, name: string): string {
    const value = invocation.values[name];
    if (typeof value !== "string") {
        throw new UsageError(`--${name} is required (${GENERATE_INSTANCE_TYPES.name} --help for usage)`);
    }
    return value;
}

function readInput(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
}

if (require.main === module) {
    runCommand(GENERATE_INSTANCE_TYPES, async (invocation) => {
        const table = instanceTypeTable(
            readInput(required(invocation, "instance-info")),
            readInput(required(invocation, "instance-types-doc")),
            required(invocation, "source"),
            new Date().toISOString().slice(0, 10),
        );
        // One type per line: reviews of a regenerated table read as a diff of types.
        const lines = Object.entries(table.types).map(([name, facts]) => `    ${JSON.stringify(name)}: ${JSON.stringify(facts)}`);
        fs.writeFileSync(
            INSTANCE_TYPES_FILE,
            `{\n  "source": ${JSON.stringify(table.source)},\n  "date": ${JSON.stringify(table.date)},\n  "types": {\n${lines.join(",\n")}\n  }\n}\n`,
        );
        process.stdout.write(`wrote ${lines.length} instance types to ${path.relative(process.cwd(), INSTANCE_TYPES_FILE)}\n`);
        return EXIT.ok;
    });
}
