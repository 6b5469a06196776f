#!/usr/bin/env bash
# Markdown for the pull request's job summary: every stack's offline preview with its policy
# report, the cost estimates and the DR check. Exits 1 if any guardrail fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0

section() {
    local title=$1; shift
    local output code
    output=$("$@" 2>&1); code=$?
    printf '<details%s><summary>%s (exit %s)</summary>\n\n```\n%s\n```\n</details>\n\n' "$([ "$code" = 0 ] || echo ' open')" "$title" "$code" "$output"
    return "$code"
}

echo "## Offline preview, policies, cost and DR"
echo
for stack in dev prod prod-dr; do
    section "Preview of $stack" npm run --silent preview -- --stack "$stack" || status=1
    section "Cost of $stack" npm run --silent cost -- --stack "$stack" || status=1
done
section "DR check of prod-dr" npm run --silent dr:check -- --stack prod-dr || status=1
exit "$status"
