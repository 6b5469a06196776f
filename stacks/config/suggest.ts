import { distance } from "fastest-levenshtein";

/**
 * "Did you mean" for a misspelt stack, flag or policy name: the known names closest to what was
 * typed, within an edit distance of a third of its length (at least 2), else every known name.
 */
export function didYouMean(typed: string, known: readonly string[], show: (name: string) => string = (name) => name): string {
    const limit = Math.max(2, Math.floor(typed.length / 3));
    const scored = known.map((name) => ({ name, distance: distance(typed.toLowerCase(), name.toLowerCase()) })).filter((c) => c.distance <= limit);
    if (scored.length > 0) {
        const best = Math.min(...scored.map((c) => c.distance));
        return `did you mean ${scored
            .filter((c) => c.distance === best)
            .map((c) => show(c.name))
            .join(" or ")}?`;
    }
    return `expected one of: ${known.map(show).join(", ")}`;
}
