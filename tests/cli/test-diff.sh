#!/usr/bin/env bash
# test-diff.sh: copydesk-convert --diff writes the changes between two
# stories, or two revisions of one, as a page that marks the exact words
# and lists changed fields and attributes, and that passes the W3C Nu
# HTML checker (TAP)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-diff.sh PATH-TO-COPYDESK-CONVERT

set -u

. "$(dirname "$0")/tap.sh"

convert=${1:?usage: test-diff.sh COPYDESK-CONVERT}
case $convert in /*) ;; *) convert=$PWD/$convert ;; esac
source_dir=${COPYDESK_SOURCE_DIR:?COPYDESK_SOURCE_DIR is not set}
vnu_jar=$source_dir/build-aux/node/node_modules/vnu-jar/build/dist/vnu.jar
all_blocks=$source_dir/tests/cli/all-blocks/article.json
# Made from all-blocks: revision 1 as filed, revision 2 after the desk
# (a word of q1, q2 deleted, f1's caption, the status), then
# the headline changed in the current text.
story=$source_dir/tests/cli/revisions/story.article
filed=20261130T090000Z-7b6839d4
desk=20261130T173000Z-6edbbff3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-diff-test.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# run_diff DESCRIPTION EXPECTED-STATUS ARGS...: stdout and stderr in $tmp.
run_diff ()
{
  description=$1
  expected=$2
  shift 2
  "$convert" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  status=$?
  if [ "$status" -eq "$expected" ]; then
    tap_result 0 "$description (exit $expected)"
  else
    tap_result 1 "$description (exit $expected)"
    diag "exit status $status; $(cat "$tmp/stderr")"
  fi
}

# has FILE DESCRIPTION TEXT: FILE holds TEXT (a fixed string).
has ()
{
  if grep -qF -- "$3" "$1"; then
    tap_result 0 "$2"
  else
    tap_result 1 "$2"
    diag "no “$3” in $1"
  fi
}

run_diff "a revision against the current text" 0 \
  --diff="$story#$filed" "$story" "$tmp/filed-current.html"
page=$tmp/filed-current.html
has "$page" "the changed words are a <del> and an <ins>" \
  '<del title="deleted">twenty</del><ins title="inserted">thirty</ins>'
has "$page" "the deleted quote is back in <del>" \
  '<del title="deleted">No attribution on this one.</del>'
has "$page" "the deleted block is marked" 'data-change="deleted"'
has "$page" "the headline's new words are inserted" '<ins title="inserted">'
has "$page" "the caption change is listed" 'caption changed: “Boarding moves to the end of the Old Quay pier.” → “Boarding moves to the far end of the pier.”'
if grep -q 'formatting changed' "$page"; then
  tap_result 1 "bold and links that moved with their words are no change"
else
  tap_result 0 "bold and links that moved with their words are no change"
fi
has "$page" "the status change is listed" 'Status changed: “approved” → “edit”'

run_diff "two revisions of one story" 0 \
  --diff="$story#$filed" "$story#$desk" "$tmp/filed-desk.html"
if grep -q 'Headline' "$tmp/filed-desk.html"; then
  tap_result 1 "the headline changed only after the second revision"
else
  tap_result 0 "the headline changed only after the second revision"
fi

sed 's/twenty years/thirty years/' "$all_blocks" >"$tmp/edited.json"
run_diff "two stories" 0 --diff="$all_blocks" "$tmp/edited.json" "$tmp/stories.html"
has "$tmp/stories.html" "a changed number is one word out, one in" \
  '<del title="deleted">twenty</del><ins title="inserted">thirty</ins>'

run_diff "the same story twice" 0 --diff="$all_blocks" "$all_blocks" "$tmp/same.html"
has "$tmp/same.html" "no changes are listed" "No changes."

run_diff "to standard output" 0 --diff="$story#$filed" "$story" -
has "$tmp/stdout" "the page is on standard output" '<!DOCTYPE html>'

run_diff "a revision the story does not have" 1 --diff="$story#nope" "$story" "$tmp/nope.html"
has "$tmp/stderr" "the error names the story and the revision" "story.article” has no revision “nope”"
if [ -e "$tmp/nope.html" ]; then
  tap_result 1 "nothing is written on an error"
else
  tap_result 0 "nothing is written on an error"
fi

run_diff "a story that is not there" 1 --diff="$tmp/missing.article" "$story" "$tmp/missing.html"
has "$tmp/stderr" "the error names the missing file" "missing.article"

# Converting a story to .article keeps its revisions.
run_diff "convert a story with revisions to .article" 0 "$story" "$tmp/copy.article"
run_diff "a revision of the converted story" 0 \
  --diff="$tmp/copy.article#$filed" "$tmp/copy.article" "$tmp/copy.html"
has "$tmp/copy.html" "the converted story's revision shows the same change" \
  '<del title="deleted">twenty</del><ins title="inserted">thirty</ins>'

run_diff "--diff with another option" 2 --diff="$story" --to=html "$story" "$tmp/x.html"

if ! command -v java >/dev/null 2>&1 || [ ! -f "$vnu_jar" ]; then
  tap_result 1 "the W3C Nu checker can run"
  diag "java or $vnu_jar is missing: (cd build-aux/node && npm install), as the dev script does."
  tap_finish
fi

files="filed-current.html filed-desk.html stories.html same.html"
(cd "$tmp" && java -jar "$vnu_jar" --errors-only $files) >"$tmp/vnu.log" 2>&1
vnu_status=$?
if [ "$vnu_status" -gt 1 ]; then
  tap_result 1 "the W3C Nu checker ran"
  diag "$(cat "$tmp/vnu.log")"
  tap_finish
fi
for file in $files; do
  if grep -F -- "/$file\"" "$tmp/vnu.log" >"$tmp/errors"; then
    tap_result 1 "$file passes the Nu checker"
    diag "$(cat "$tmp/errors")"
  else
    tap_result 0 "$file passes the Nu checker"
  fi
done
if [ "$vnu_status" -ne 0 ] && [ "$tap_failed" -eq 0 ]; then
  tap_result 1 "the Nu checker reported no other errors"
  diag "$(cat "$tmp/vnu.log")"
fi

tap_finish
