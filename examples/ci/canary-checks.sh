#!/usr/bin/env bash
# The canary checks of a CI job, as the top-level README shows them (between the tag comments;
# ReadmeSnippetsTest checks the quote, CiRecipeTest runs the script against a stand-in CLI).
# Usage: canary-checks.sh [MANIFEST] [BAD-RELEASE-SCENARIO]; CANARY_JAR names the CLI jar.
# tag::ci-checks[]
# canary exits 0 when promoted (or valid), 1 when rolled back, not finished or invalid,
# and 2 on a usage or I/O error (a mistyped path, an unreadable file): that must fail the job.
set -u
manifest=${1:-deploy/web.yaml}
bad_release=${2:-scenarios/bad-release.yaml}
canary() { java -jar "${CANARY_JAR:-canary.jar}" "$@"; }

canary validate "$manifest" || exit 1
canary simulate --canary "$manifest" || { echo "the healthy release was not promoted"; exit 1; }

out=$(canary simulate --canary "$manifest" --scenario "$bad_release" --report rollback.html)
code=$?
echo "$out"
case $code in
  0) echo "the bad release was promoted"; exit 1 ;;
  1) if ! grep -q '^result Failed' <<<"$out"; then
       echo "the bad release was neither promoted nor rolled back"; exit 1
     fi
     echo "the bad release was rolled back, as expected" ;;
  *) echo "canary simulate could not run (exit $code)"; exit 2 ;;
esac
# end::ci-checks[]
