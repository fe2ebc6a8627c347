#!/usr/bin/env bash
# test-validate-wire.sh: every NITF export validates against the NITF 3.6
# XML Schema and every ninjs export against the ninjs 2.2 JSON Schema,
# for the sample story and for wire files imported and exported again (TAP)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-validate-wire.sh PATH-TO-COPYDESK-CONVERT
# The schemas are kept in data/standards/, the IPTC ninjs examples and test
# suite in tests/core/data/wire/iptc-ninjs/. xmllint (libxml2-utils) and
# ajv-cli in build-aux/node (npm install there, as the dev script does) are
# needed; a missing validator is a failure, not a skip. When the shared
# standards folder sits beside the clone (../shared/standards, as in CI),
# its provider examples (AP, dpa, NTB, TT, …) are checked as well.

set -u

. "$(dirname "$0")/tap.sh"

convert=${1:?usage: test-validate-wire.sh COPYDESK-CONVERT}
case $convert in /*) ;; *) convert=$PWD/$convert ;; esac
source_dir=${COPYDESK_SOURCE_DIR:?COPYDESK_SOURCE_DIR is not set}
sample=$source_dir/data/samples/sample/article.json
nitf_xsd=$source_dir/data/standards/nitf/nitf-3-6.xsd
ninjs_schema=$source_dir/data/standards/ninjs/ninjs-schema_2.2.json
geojson_schema=$source_dir/data/standards/ninjs/GeoJSON-schema.json
wire_dir=$source_dir/tests/core/data/wire
iptc_dir=$wire_dir/iptc-ninjs
shared_examples=$source_dir/../shared/standards/ninjs/examples
ajv=$source_dir/build-aux/node/node_modules/.bin/ajv

[ -x "$convert" ] || bail_out "$convert is not an executable"
for file in "$sample" "$nitf_xsd" "$ninjs_schema" "$geojson_schema"; do
  [ -f "$file" ] || bail_out "$file is missing"
done

tap_skip ()
{
  tap_count=$((tap_count + 1))
  echo "ok $tap_count - $1 # SKIP $2"
}

missing=0
if ! command -v xmllint >/dev/null 2>&1; then
  tap_result 1 "xmllint can run"
  diag "xmllint is not installed; it comes with libxml2 (Debian: libxml2-utils)."
  missing=1
fi
if [ ! -x "$ajv" ] || ! command -v node >/dev/null 2>&1; then
  tap_result 1 "ajv can run"
  [ -x "$ajv" ] || diag "$ajv is missing."
  command -v node >/dev/null 2>&1 || diag "node is not installed; ajv needs Node.js."
  diag "Install the validators: (cd build-aux/node && npm install), as the dev script does."
  missing=1
fi
[ "$missing" -eq 0 ] || tap_finish

tmp=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-wire-test.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# export DESCRIPTION ARGS...: runs the converter; one test line.
export_file ()
{
  description=$1
  shift
  if "$convert" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; then
    tap_result 0 "$description"
    return 0
  fi
  tap_result 1 "$description"
  diag "$(cat "$tmp/stderr")"
  return 1
}

xsd_valid ()
{
  if xmllint --noout --nonet --schema "$nitf_xsd" "$2" >"$tmp/xmllint.log" 2>&1; then
    tap_result 0 "$1 is valid NITF 3.6"
  else
    tap_result 1 "$1 is valid NITF 3.6"
    diag "$(cat "$tmp/xmllint.log")"
  fi
}

# --- NITF ---------------------------------------------------------------------

mkdir "$tmp/nitf"
export_file "export the sample story to NITF" "$sample" "$tmp/nitf/sample.nitf" &&
  xsd_valid "the sample's NITF" "$tmp/nitf/sample.nitf"

for name in nitf-3.6.xml nitf-2.5.xml nitf-latin1.xml newsml-1.2.xml \
    iptc-newsml-g2/LISTING_22_Sports_story_in_NewsML-G2NITF.xml; do
  out=$tmp/nitf/$(basename "$name")
  export_file "import $name and export it to NITF" --to=nitf "$wire_dir/$name" "$out" &&
    xsd_valid "$name exported again" "$out"
done

export_file "NITF of the sample imports again" "$tmp/nitf/sample.nitf" "$tmp/nitf/again.nitf" &&
  xsd_valid "the sample's NITF exported a second time" "$tmp/nitf/again.nitf"

# The schema check is not vacuous: NITF without the namespace is not 3.6.
if xmllint --noout --nonet --schema "$nitf_xsd" "$wire_dir/nitf-2.5.xml" >/dev/null 2>&1; then
  tap_result 1 "the schema rejects NITF 2.5 without a namespace"
else
  tap_result 0 "the schema rejects NITF 2.5 without a namespace"
fi

# --- ninjs --------------------------------------------------------------------

mkdir "$tmp/ninjs"
ninjs_outputs=()

# ninjs_export DESCRIPTION INPUT OUTPUT-NAME
ninjs_export ()
{
  if export_file "$1" --to=ninjs "$2" "$tmp/ninjs/$3"; then
    ninjs_outputs+=("$tmp/ninjs/$3")
  fi
}

ninjs_export "export the sample story to ninjs" "$sample" sample.json
ninjs_export "import ninjs-1.x.json and export it to ninjs" "$wire_dir/ninjs-1.x.json" ninjs-1.x.json
ninjs_export "import nitf-3.6.xml and export it to ninjs" "$wire_dir/nitf-3.6.xml" nitf-3.6.json
if [ -f "$tmp/ninjs/sample.json" ]; then
  ninjs_export "ninjs of the sample imports again" "$tmp/ninjs/sample.json" sample-again.json
fi

examples=()
while IFS= read -r file; do
  examples+=("$file")
done < <(find "$iptc_dir" -name '*.json' | sort)

if [ -d "$shared_examples" ]; then
  while IFS= read -r file; do
    examples+=("$file")
  done < <(find "$shared_examples" -name '*.json' | sort)
else
  tap_skip "the provider examples of ../shared/standards/ninjs" \
    "$shared_examples not found (CI puts shared/ beside the clone)"
fi

for file in "${examples[@]}"; do
  case $file in
    "$iptc_dir"/*) label=iptc-ninjs/${file#"$iptc_dir"/} ;;
    *) label=shared/${file#"$shared_examples"/} ;;
  esac
  ninjs_export "import $label and export it to ninjs" "$file" "$(printf '%s' "$label" | tr '/' '_')"
done

# One node start for all files: "ajv validate" says "FILE valid" for each.
ajv_args=()
for file in "${ninjs_outputs[@]}"; do
  ajv_args+=(-d "$file")
done

"$ajv" validate --spec=draft2020 -c ajv-formats --errors=line -r "$geojson_schema" -s "$ninjs_schema" \
  "${ajv_args[@]}" >"$tmp/ajv.log" 2>&1

for file in "${ninjs_outputs[@]}"; do
  name=$(basename "$file")
  if grep -qxF -- "$file valid" "$tmp/ajv.log"; then
    tap_result 0 "$name is valid ninjs 2.2"
  else
    tap_result 1 "$name is valid ninjs 2.2"
    diag "$(grep -F -- "$file" "$tmp/ajv.log" || cat "$tmp/ajv.log")"
  fi
done

# The schema check is not vacuous: IPTC's own should_fail file fails.
bad=$iptc_dir/test_suite/2.2/should_fail/001_bad_digital_source.json
if "$ajv" validate --spec=draft2020 -c ajv-formats -r "$geojson_schema" -s "$ninjs_schema" \
     -d "$bad" >/dev/null 2>&1; then
  tap_result 1 "the schema rejects IPTC's should_fail example"
else
  tap_result 0 "the schema rejects IPTC's should_fail example"
fi

tap_finish
