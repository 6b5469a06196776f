/**
 * Container image references, parsed the way the distribution reference grammar reads them:
 * `[registry[:port]/]repository[:tag][@algorithm:hex]`. A colon before the last slash belongs to
 * the registry's port, never to a tag (`registry.example.com:5000/team/app` has no tag).
 */
export interface ImageReference {
    /** The text as written. */
    readonly raw: string;
    /** Registry host (with port), when the first path component names one. */
    readonly registry?: string;
    /** Repository path without registry, tag or digest. */
    readonly repository: string;
    readonly tag?: string;
    readonly digest?: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Parses an image reference; returns a reason string when it is not a valid reference. */
export function parseImageReference(raw: string): ImageReference | string {
    const text = raw.trim();
    if (text === "") {
        return "the image is empty";
    }
    const at = text.indexOf("@");
    const digest = at >= 0 ? text.slice(at + 1) : undefined;
    const nameAndTag = at >= 0 ? text.slice(0, at) : text;
    const lastSlash = nameAndTag.lastIndexOf("/");
    const lastColon = nameAndTag.lastIndexOf(":");
    const tag = lastColon > lastSlash ? nameAndTag.slice(lastColon + 1) : undefined;
    const name = tag === undefined ? nameAndTag : nameAndTag.slice(0, lastColon);

    const firstSlash = name.indexOf("/");
    const first = firstSlash >= 0 ? name.slice(0, firstSlash) : "";
    const hasRegistry = firstSlash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
    const registry = hasRegistry ? first : undefined;
    const repository = hasRegistry ? name.slice(firstSlash + 1) : name;

    if (!REPOSITORY.test(repository)) {
        return `"${repository}" is not a valid repository name`;
    }
    if (tag !== undefined && !TAG.test(tag)) {
        return `"${tag}" is not a valid tag`;
    }
    if (digest !== undefined && !DIGEST.test(digest)) {
        return `"${digest}" is not a valid digest (expected sha256:<64 hex>)`;
    }
    return { raw, registry, repository, tag, digest };
}

/** Why an image is never acceptable: `:latest`, no tag and no digest, or not a reference at all. */
export function mutableImageProblem(raw: string): string | undefined {
    const ref = parseImageReference(raw);
    if (typeof ref === "string") {
        return ref;
    }
    if (ref.digest) {
        return undefined;
    }
    if (ref.tag === undefined) {
        return "has no tag, so it floats to :latest";
    }
    if (ref.tag === "latest") {
        return 'uses the mutable tag "latest"';
    }
    return undefined;
}

/** An example of the same image pinned by digest, for remediation messages. */
export function pinnedExample(raw: string): string {
    const ref = parseImageReference(raw);
    if (typeof ref === "string") {
        return "registry/repository:1.2.3@sha256:<64 hex>";
    }
    const name = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
    const tag = ref.tag && ref.tag !== "latest" ? `:${ref.tag}` : ":<version>";
    return `${name}${tag}@sha256:<64 hex>`;
}
