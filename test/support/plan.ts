import * as assert from "assert";
import type { Report, ResourceView } from "../../offline/report";

/** Lookups over an offline preview's resources, for tests that assert what the program registers. */
export class Plan {
    constructor(readonly report: Report) {}

    ofType(type: string): ResourceView[] {
        return this.report.resources.filter((r) => r.type === type);
    }

    /** The one resource of a type whose name ends with `suffix`. */
    one(type: string, suffix = ""): ResourceView {
        const found = this.ofType(type).filter((r) => r.name.endsWith(suffix));
        assert.strictEqual(found.length, 1, `expected one ${type} named *${suffix}, found ${found.map((r) => r.name).join(", ") || "none"}`);
        return found[0];
    }

    /** Resources whose parent chain includes `ancestor`. */
    under(ancestor: ResourceView): ResourceView[] {
        const byUrn = new Map(this.report.resources.map((r) => [r.urn, r]));
        const isUnder = (r: ResourceView): boolean => (r.parent ? r.parent === ancestor.urn || isUnder(byUrn.get(r.parent)!) : false);
        return this.report.resources.filter(isUnder);
    }
}

export interface IamStatement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(policyJson: unknown): IamStatement[] {
    return (JSON.parse(String(policyJson)) as { Statement: IamStatement[] }).Statement;
}

export const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
