#!/usr/bin/env bash
# test-validate-schema.sh: data/article.schema.json accepts the sample story
# and the JSON writer's output, and rejects every tests/schema/bad file (TAP)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-validate-schema.sh PATH-TO-COPYDESK-CONVERT
# The validator is ajv-cli in build-aux/node, which the dev script installs
# (npm install in build-aux/node). A missing validator is a failure, not a
# skip.

set -u

. "$(dirname "$0")/tap.sh"

convert=${1:?usage: test-validate-schema.sh COPYDESK-CONVERT}
case $convert in /*) ;; *) convert=$PWD/$convert ;; esac
source_dir=${COPYDESK_SOURCE_DIR:?COPYDESK_SOURCE_DIR is not set}
schema=$source_dir/data/article.schema.json
sample=$source_dir/data/samples/sample/article.json
bad_dir=$source_dir/tests/schema/bad
ajv=$source_dir/build-aux/node/node_modules/.bin/ajv

if [ ! -x "$ajv" ] || ! command -v node >/dev/null 2>&1; then
  tap_result 1 "ajv can run"
  [ -x "$ajv" ] || diag "$ajv is missing."
  command -v node >/dev/null 2>&1 || diag "node is not installed; ajv needs Node.js."
  diag "Install the validators: (cd build-aux/node && npm install), as the dev script does."
  tap_finish
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-schema-test.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# ajv FILE: validates FILE against the schema, output in $tmp/ajv.log.
ajv_validate ()
{
  "$ajv" validate --spec=draft2020 -c ajv-formats -s "$schema" -d "$1" >"$tmp/ajv.log" 2>&1
}

expect_valid ()
{
  if ajv_validate "$2"; then
    tap_result 0 "$1 is valid"
  else
    tap_result 1 "$1 is valid"
    diag "$(cat "$tmp/ajv.log")"
  fi
}

expect_valid "the sample article.json" "$sample"

# The documents the reader must accept (tests/cli/test-convert.sh and
# /core/json/schema/good read them too).
for file in "$source_dir"/tests/schema/good/*.json; do
  expect_valid "good/$(basename "$file")" "$file"
done

mkdir "$tmp/written"
if "$convert" "$sample" "$tmp/written/article.json" 2>"$tmp/stderr"; then
  tap_result 0 "convert the sample to JSON"
  expect_valid "the JSON writer's output" "$tmp/written/article.json"
else
  tap_result 1 "convert the sample to JSON"
  diag "$(cat "$tmp/stderr")"
fi

# One node start for all the bad files: "ajv test --invalid" checks each
# file and says "FILE passed test" when the schema rejects it.
bad_args=()
for file in "$bad_dir"/*.json; do
  [ -e "$file" ] && bad_args+=(-d "$file")
done

if [ "${#bad_args[@]}" -eq 0 ]; then
  tap_result 1 "tests/schema/bad holds test files"
  tap_finish
fi

"$ajv" test --invalid --spec=draft2020 -c ajv-formats --errors=line -s "$schema" \
  "${bad_args[@]}" >"$tmp/bad.log" 2>&1

for file in "$bad_dir"/*.json; do
  name=$(basename "$file")
  if grep -qxF -- "$file passed test" "$tmp/bad.log"; then
    tap_result 0 "bad/$name is rejected"
  else
    tap_result 1 "bad/$name is rejected"
    diag "$(grep -F -- "$file" "$tmp/bad.log" || cat "$tmp/bad.log")"
  fi
done

# The revisions index of a story with revisions, against its own schema.
# Python is there wherever Meson runs.
if python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("revisions/index.json"))' \
    "$source_dir/tests/cli/revisions/story.article" >"$tmp/index.json" 2>"$tmp/stderr"; then
  schema=$source_dir/data/revisions.schema.json
  expect_valid "a story's revisions/index.json" "$tmp/index.json"
else
  tap_result 1 "read revisions/index.json from tests/cli/revisions/story.article"
  diag "$(cat "$tmp/stderr")"
fi

tap_finish
