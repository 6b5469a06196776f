import { distance } from "fastest-levenshtein";

/**
 * "Did you mean" for a misspelt stack, flag or policy name: the known names closest to what was
 * typed, within an edit distance of a third of its length (at least 2), else every known name.
 */
export function didYouMean(typed: string, known: readonly string[], show: (name: string) => string = (name) => name): string {
    const close = closest(typed, known);
    return close.length > 0 ? `did you mean ${close.map(show).join(" or ")}?` : `expected one of: ${known.map(show).join(", ")}`;
}

/** The known names nearest to what was typed, within an edit distance of a third of its length (at least 2). */
export function closest(typed: string, known: readonly string[]): string[] {
    const limit = Math.max(2, Math.floor(typed.length / 3));
    const scored = known.map((name) => ({ name, distance: distance(typed.toLowerCase(), name.toLowerCase()) })).filter((c) => c.distance <= limit);
    const best = Math.min(...scored.map((c) => c.distance));
    return scored.filter((c) => c.distance === best).map((c) => c.name);
}
