#!/usr/bin/env bash
# test-validate-html.sh: the sample story's HTML export passes the W3C Nu
# HTML checker with no errors (TAP)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-validate-html.sh PATH-TO-COPYDESK-CONVERT
# The checker is build-aux/node/node_modules/vnu-jar, which the dev script
# installs (npm install in build-aux/node). A missing checker is a failure,
# not a skip: these exports are what gets published.

set -u

. "$(dirname "$0")/tap.sh"

convert=${1:?usage: test-validate-html.sh COPYDESK-CONVERT}
case $convert in /*) ;; *) convert=$PWD/$convert ;; esac
source_dir=${COPYDESK_SOURCE_DIR:?COPYDESK_SOURCE_DIR is not set}
sample=$source_dir/data/samples/sample/article.json
vnu_jar=$source_dir/build-aux/node/node_modules/vnu-jar/build/dist/vnu.jar

if ! command -v java >/dev/null 2>&1; then
  tap_result 1 "the W3C Nu checker can run"
  diag "java is not installed; the Nu HTML checker (vnu.jar) needs Java 11 or newer."
  tap_finish
fi
if [ ! -f "$vnu_jar" ]; then
  tap_result 1 "the W3C Nu checker can run"
  diag "$vnu_jar is missing."
  diag "Install the validators: (cd build-aux/node && npm install), as the dev script does."
  tap_finish
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-vnu-test.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# export_html DESCRIPTION ARGS...: runs the converter, stdout in $tmp/stdout.
export_html ()
{
  description=$1
  shift
  if "$convert" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; then
    tap_result 0 "export $description"
  else
    tap_result 1 "export $description"
    diag "$(cat "$tmp/stderr")"
  fi
}

export_html "page, static embeds" \
  --embeds=static "$sample" "$tmp/page-static.html"
export_html "page, official embeds" \
  --embeds=official "$sample" "$tmp/page-official.html"
export_html "page on stdout with inlined images" \
  --to=html "$sample" -
cp "$tmp/stdout" "$tmp/page-stdout.html"
export_html "fragment, static embeds" \
  --to=html-fragment --embeds=static "$sample" "$tmp/fragment-static.part"
export_html "fragment, official embeds" \
  --to=html-fragment --embeds=official "$sample" "$tmp/fragment-official.part"

# A fragment is pasted into a CMS page; the checker sees it inside the
# smallest valid page.
for name in fragment-static fragment-official; do
  {
    printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    printf '<title>Fragment check</title>\n</head>\n<body>\n'
    cat "$tmp/$name.part"
    printf '</body>\n</html>\n'
  } >"$tmp/$name.html"
done

files="page-static.html page-official.html page-stdout.html fragment-static.html fragment-official.html"

# One Java start for all the files: the JVM start dominates the run time.
(cd "$tmp" && java -jar "$vnu_jar" --errors-only $files) >"$tmp/vnu.log" 2>&1
vnu_status=$?

if [ "$vnu_status" -gt 1 ]; then
  tap_result 1 "the W3C Nu checker ran"
  diag "java -jar $vnu_jar exited with status $vnu_status:"
  diag "$(cat "$tmp/vnu.log")"
  tap_finish
fi
tap_result 0 "the W3C Nu checker ran"

for file in $files; do
  if grep -F -- "/$file\"" "$tmp/vnu.log" >"$tmp/errors"; then
    tap_result 1 "$file passes the Nu checker"
    diag "$(cat "$tmp/errors")"
  else
    tap_result 0 "$file passes the Nu checker"
  fi
done

# Errors the checker could not tie to one of the files still fail the test.
if [ "$vnu_status" -ne 0 ] && [ "$tap_failed" -eq 0 ]; then
  tap_result 1 "the Nu checker reported no other errors"
  diag "$(cat "$tmp/vnu.log")"
fi

tap_finish
