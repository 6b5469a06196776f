import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { CostEstimate } from "../policies/lib/cost-estimate";
import { childFailure, runNode } from "../offline/children";
import { runCommand, usage } from "../offline/cli";
import { COMMANDS, DOCS_README } from "../offline/commands";
import { range } from "../offline/cost-report";
import { EXIT } from "../offline/errors";
import { previewHeading } from "../offline/offline-preview";
import { buildModule, PROJECT_DIR } from "../offline/paths";
import { renderHuman, Report } from "../offline/report";

/**
 * The README's generated parts: the command reference (from the commands' own specs) and samples
 * of real runs (a preview, a check, a configuration error, the cost of each stack). Each sits between
 * `<!-- generated:<name> -->` and `<!-- /generated:<name> -->`; `npm run docs:readme` rewrites them
 * and a test compares them with the test suite's own runs.
 */

export const README = path.join(PROJECT_DIR, "README.md");
export const COST_STACKS = ["dev", "prod", "prod-dr"];
/** The export the check sample runs on, relative to the project. */
export const CHECK_SAMPLE_EXPORT = "test/fixtures/exports/deployment-latest.json";

/** What the samples are made of: the outputs of real runs. */
export interface SampleRuns {
    /** `npm run preview -- --stack prod --json` */
    previewProd: Report;
    /** `npm run check -- test/fixtures/exports/deployment-latest.json` (stdout) */
    check: string;
    /** The stderr of a preview of dev with a broken configuration (brokenDevConfig). */
    configError: string;
    /** `npm run cost -- --stack <stack> --json` of each stack. */
    costs: Record<string, CostEstimate>;
}

/** Pulumi.dev.yaml with a value of the wrong type and a misspelt key: the configuration-error sample. */
export function brokenDevConfig(): string {
    return fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8").replace("availabilityZones: 2", "availabilityZones: two\n    natGateway: single");
}

const TREE_LINES_SHOWN = 12;

/** The human preview of prod, with the tree and the outputs cut short. */
function previewSample(report: Report): string {
    const lines = renderHuman(report, previewHeading("prod", report.project), "+").trimEnd().split("\n");
    const tree = lines.findIndex((line) => line.startsWith("     Type"));
    const policies = lines.findIndex((line) => line.startsWith("Polic"));
    const outputs = lines.indexOf("Outputs:");
    const resources = lines.indexOf("Resources:");
    return [...lines.slice(0, tree + 1 + TREE_LINES_SHOWN), " ...", "", ...lines.slice(policies, outputs), "Outputs:", "    ...", "", ...lines.slice(resources)].join("\n");
}

function costTable(costs: Record<string, CostEstimate>): string {
    return [
        "| Stack | Region | Per month (pools at min - max) | Spot saving | Resources not priced |",
        "|---|---|---|---|---|",
        ...Object.entries(costs).map(
            ([stack, c]) => `| ${stack} | ${c.region} | ${range(c.totalMin, c.totalMax)} | ${range(c.spotSavingMin, c.spotSavingMax)} | ${c.notPriced.length} |`,
        ),
    ].join("\n");
}

function commandReference(): string {
    return Object.entries(COMMANDS)
        .map(([script, { spec }]) => [`#### \`npm run ${script}\``, "", "```", usage(spec), "```"].join("\n"))
        .join("\n\n");
}

const fenced = (text: string) => ["```", text.trimEnd(), "```"].join("\n");

export function generatedSections(runs: SampleRuns): Record<string, string> {
    return {
        commands: commandReference(),
        "preview-sample": fenced(previewSample(runs.previewProd)),
        "check-sample": fenced(runs.check),
        "config-error-sample": fenced(runs.configError),
        "cost-table": costTable(runs.costs),
    };
}

const marker = (name: string) => ({ start: `<!-- generated:${name} -->`, end: `<!-- /generated:${name} -->` });

/** The README with each generated part replaced; a part without its markers is an error. */
export function withSections(readme: string, sections: Record<string, string>): string {
    return Object.entries(sections).reduce((text, [name, body]) => {
        const { start, end } = marker(name);
        const from = text.indexOf(start);
        const to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new Error(`README.md has no ${start} ... ${end}`);
        }
        return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
    }, readme);
}

/** The runs behind the samples, made here (the test suite makes the same ones and shares them). */
async function sampleRuns(): Promise<SampleRuns> {
    const run = async (module: string, args: string[], expected: number[]) => {
        const result = await runNode([buildModule(module), ...args], { cwd: PROJECT_DIR, env: { ...process.env, INIT_CWD: PROJECT_DIR } });
        if (!expected.includes(result.code)) {
            throw childFailure(`${module} ${args.join(" ")} failed`, result);
        }
        return result;
    };
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "readme-")), "Pulumi.dev.yaml");
    fs.writeFileSync(broken, brokenDevConfig());
    const [preview, check, configError, ...costs] = await Promise.all([
        run("offline/preview", ["--stack", "prod", "--json"], [EXIT.ok]),
        run("offline/check", [CHECK_SAMPLE_EXPORT], [EXIT.policyFailure]),
        run("offline/preview", ["--stack", "dev", "--config-file", broken], [EXIT.usage]),
        ...COST_STACKS.map((stack) => run("offline/cost", ["--stack", stack, "--json"], [EXIT.ok])),
    ]);
    fs.rmSync(path.dirname(broken), { recursive: true, force: true });
    return {
        previewProd: JSON.parse(preview.stdout) as Report,
        check: check.stdout,
        configError: configError.stderr,
        costs: Object.fromEntries(COST_STACKS.map((stack, i) => [stack, JSON.parse(costs[i].stdout) as CostEstimate])),
    };
}

if (require.main === module) {
    runCommand(DOCS_README, async (invocation) => {
        invocation.progress("Running the preview, check, configuration-error and cost samples...");
        const sections = generatedSections(await sampleRuns());
        fs.writeFileSync(README, withSections(fs.readFileSync(README, "utf8"), sections));
        process.stdout.write(`wrote ${Object.keys(sections).length} generated parts of README.md\n`);
        return EXIT.ok;
    });
}
