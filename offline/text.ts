/** Text for people: the terminal width everything fits, wrapping, and names that cannot rewrite the terminal. */

/** Human output fits a terminal this wide. */
export const COLUMNS = 120;

/** Control characters print escaped, so a resource name or a message cannot move the cursor or recolour the terminal. */
export function printable(text: string): string {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** `text` wrapped at spaces into lines of at most COLUMNS, each after `indent` (the first after `first`, if given). */
export function wrap(text: string, indent: string, first = indent): string[] {
    const lines: string[] = [];
    for (const paragraph of printable(text).split("\n")) {
        let line = "";
        let prefix = lines.length === 0 ? first : indent;
        for (const word of paragraph.split(" ")) {
            if (line && prefix.length + line.length + 1 + word.length > COLUMNS) {
                lines.push(prefix + line);
                prefix = indent;
                line = word;
            } else {
                line = line ? `${line} ${word}` : word;
            }
        }
        lines.push(prefix + line);
    }
    return lines;
}

/** One line cut to the width, with an ellipsis where it was cut. */
export function fit(line: string): string {
    return line.length <= COLUMNS ? line : `${line.slice(0, COLUMNS - 1)}…`;
}
