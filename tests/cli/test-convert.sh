#!/usr/bin/env bash
# test-convert.sh: copydesk-convert's formats, files and exit codes (TAP)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-convert.sh PATH-TO-COPYDESK-CONVERT
# Needs COPYDESK_SOURCE_DIR (the repository root), set by tests/meson.build.

set -u

. "$(dirname "$0")/tap.sh"

convert=${1:?usage: test-convert.sh COPYDESK-CONVERT}
case $convert in /*) ;; *) convert=$PWD/$convert ;; esac
source_dir=${COPYDESK_SOURCE_DIR:?COPYDESK_SOURCE_DIR is not set}
sample_dir=$source_dir/data/samples/sample
sample_png=$sample_dir/media/harbour.png

[ -x "$convert" ] || bail_out "$convert is not an executable"
[ -f "$sample_dir/article.json" ] || bail_out "no sample story in $sample_dir"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-convert-test.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || bail_out "cannot enter $tmp"

# run ARGS...: runs the converter, leaving $rc, out (stdout) and err (stderr).
run ()
{
  "$convert" "$@" >out 2>err
  rc=$?
}

expect_rc ()
{
  if [ "$rc" -ne "$1" ]; then
    echo "exit status $rc, expected $1"
    echo "stderr:"
    cat err
    return 1
  fi
}

stderr_is_one_line ()
{
  lines=$(wc -l <err)
  if [ "$lines" -ne 1 ]; then
    echo "stderr has $lines lines, expected exactly one:"
    cat err
    return 1
  fi
}

stderr_has ()
{
  for word in "$@"; do
    if ! grep -qF -- "$word" err; then
      echo "stderr does not mention '$word':"
      cat err
      return 1
    fi
  done
}

# expect_failure RC WORD...: the last run failed with RC; for 1 the error is
# one line naming each WORD, for 2 the message points at --help.
expect_failure ()
{
  expected=$1
  shift
  expect_rc "$expected" || return 1
  if [ "$expected" -eq 1 ]; then
    stderr_is_one_line || return 1
  else
    stderr_has "--help" || return 1
  fi
  stderr_has copydesk-convert "$@" || return 1
  if [ -s out ]; then
    echo "a failed run wrote to stdout"
    return 1
  fi
}

starts_with ()
{
  head -c "${#2}" "$1" | grep -qF -- "$2" || { echo "$1 does not start with '$2'"; head -c 200 "$1"; echo; return 1; }
}

contains ()
{
  grep -qF -- "$2" "$1" || { echo "$1 does not contain '$2'"; return 1; }
}

lacks ()
{
  if grep -qF -- "$2" "$1"; then
    echo "$1 contains '$2'"
    return 1
  fi
}

same_bytes ()
{
  cmp -- "$1" "$2" || { echo "$1 and $2 differ"; return 1; }
}

not_same_bytes ()
{
  if cmp -s -- "$1" "$2"; then
    echo "$1 and $2 are identical"
    return 1
  fi
}

# --- round trip -----------------------------------------------------------

mkdir -p w1 w2 w3
run "$sample_dir/article.json" w1/article.json
check "sample to json" expect_rc 0
check "json export writes the story's media beside it" same_bytes "$sample_png" w1/media/harbour.png

run w1/article.json one.article
check "json to article" expect_rc 0
run one.article w2/article.json
check "article to json" expect_rc 0
check "json -> article -> json is byte-identical" same_bytes w1/article.json w2/article.json
check "media survive the round trip" same_bytes "$sample_png" w2/media/harbour.png
run w2/article.json two.article
check "second article save" expect_rc 0
check "saving the same story twice gives identical .article bytes" same_bytes one.article two.article

run "$sample_dir/article.json" w3/sample.json
check "a bare article.json need not be called article.json" expect_rc 0
run w3/sample.json three.article
check "a bare JSON with another name converts" expect_rc 0
check "... to the same container" same_bytes one.article three.article

# --- format inference -----------------------------------------------------

run one.article inferred.article
check "output.article: exit 0" expect_rc 0
check ".article gives a ZIP container" starts_with inferred.article "PK"
check ".article output equals the saved container" same_bytes one.article inferred.article

run one.article inferred.json
check ".json gives JSON" starts_with inferred.json "{"

run one.article inferred.html
check ".html: exit 0" expect_rc 0
check ".html gives a page" starts_with inferred.html "<!DOCTYPE html>"

run one.article inferred.htm
check ".htm gives a page" starts_with inferred.htm "<!DOCTYPE html>"

run one.article INFERRED.HTML
check "extensions are matched in any case" starts_with INFERRED.HTML "<!DOCTYPE html>"

run --to=json one.article forced.txt
check "--to overrides the extension" same_bytes w1/article.json forced.txt

run --to=html-fragment one.article fragment.html
check "--to=html-fragment: exit 0" expect_rc 0
check "a fragment is the <article> alone" starts_with fragment.html "<article"
check "a fragment has no <html>" lacks fragment.html "<html"
check "a fragment has no <head>" lacks fragment.html "<head>"
check "a fragment inlines no stylesheet" lacks fragment.html "<style"

# --- HTML with media --------------------------------------------------------

run one.article story.html
check "html export: exit 0" expect_rc 0
check "html export writes NAME_files/harbour.png" same_bytes "$sample_png" story_files/harbour.png
check "the page references NAME_files/harbour.png" contains story.html 'src="story_files/harbour.png"'
check "the page does not reference media/" lacks story.html 'src="media/'

# The first rule of the source stylesheet stands for all of it.
first_css_rule=$(grep -m1 '{[[:space:]]*$' "$source_dir/data/styles/default.css")
check "the page inlines a stylesheet" contains story.html "<style"
check "the built-in stylesheet is data/styles/default.css" contains story.html "${first_css_rule:-no rule in default.css}"

run "one.article" "my story#1.html"
check "html export to a name with spaces: exit 0" expect_rc 0
check "the media folder keeps the page's name" same_bytes "$sample_png" "my story#1_files/harbour.png"
check "the page's image URL is escaped" contains "my story#1.html" 'src="my%20story%231_files/harbour.png"'

run --to=html-fragment one.article frag-media.html
check "a fragment also gets NAME_files/" same_bytes "$sample_png" frag-media_files/harbour.png
check "a fragment references NAME_files/" contains frag-media.html 'src="frag-media_files/harbour.png"'

printf 'article { --copydesk-test-marker: 1; }\n' >custom.css
run --stylesheet=custom.css one.article custom.html
check "--stylesheet: exit 0" expect_rc 0
check "--stylesheet inlines the given file" contains custom.html "--copydesk-test-marker"

mkdir official static
run --embeds=official one.article official/story.html
check "--embeds=official: exit 0" expect_rc 0
run --embeds=static one.article static/story.html
check "--embeds=static: exit 0" expect_rc 0
check "the default embed mode is static" same_bytes story.html static/story.html
check "--embeds=official changes the page" not_same_bytes story.html official/story.html

# --- standard output --------------------------------------------------------

run --to=json one.article -
check "--to=json -: exit 0" expect_rc 0
check "- writes JSON to stdout" same_bytes w1/article.json out
check "- leaves no file named '-'" test ! -e ./-

run --to=article one.article -
check "--to=article - writes the container to stdout" same_bytes one.article out

run --to=html one.article -
check "--to=html -: exit 0" expect_rc 0
check "- writes the page to stdout" starts_with out "<!DOCTYPE html>"
check "on stdout the images are inlined" contains out 'src="data:image/png;base64,'
check "on stdout no media folder is written" test ! -e -_files

run one.article -
check "- without --to is a usage error" expect_failure 2 "--to"

# --- failures: exit 1, one line naming the file -------------------------------

run missing.json out.article
check "missing input: exit 1, one line naming the file" expect_failure 1 missing.json
check "missing input: no output written" test ! -e out.article

printf '{\n  "format": "copydesk.article",\n  "version": 1,\n  "headline": oops\n}\n' >broken.json
run broken.json broken.article
check "invalid JSON: exit 1, one line naming the file" expect_failure 1 broken.json
check "invalid JSON: the message gives line and column" stderr_has "line 4" "column"

printf '{\n  "format": "copydesk.article",\n  "version": 2,\n  "body": []\n}\n' >future.json
run future.json future.article
check "newer version: exit 1, one line naming the file" expect_failure 1 future.json "version"

printf 'This is not a ZIP file.\n' >notzip.article
run notzip.article notzip.json
check "non-ZIP .article: exit 1, one line naming the file" expect_failure 1 notzip.article
check "non-ZIP .article: no output written" test ! -e notzip.json

run one.article no-such-folder/out.article
check "unwritable output: exit 1, one line naming the file" expect_failure 1 out.article

printf 'original\n' >existing.json
cp existing.json existing.expected
run notzip.article existing.json
check "a failed conversion leaves an existing output alone" same_bytes existing.expected existing.json

run --stylesheet=no-such.css one.article styled.html
check "missing stylesheet: exit 1, one line naming the file" expect_failure 1 no-such.css

# --- usage errors: exit 2 ---------------------------------------------------

run --to=pdf one.article out.pdf
check "unknown --to: exit 2" expect_failure 2 pdf

run one.article out.txt
check "unknown extension: exit 2" expect_failure 2 out.txt

run one.article noextension
check "no extension: exit 2" expect_failure 2 noextension

run
check "no arguments: exit 2" expect_failure 2

run one.article
check "one argument: exit 2" expect_failure 2

run one.article a.json b.json
check "three arguments: exit 2" expect_failure 2

run --bogus one.article out.json
check "unknown option: exit 2" expect_failure 2 bogus

run --embeds=sometimes one.article out.html
check "unknown --embeds: exit 2" expect_failure 2 sometimes

run --embeds=official one.article out.json
check "--embeds for JSON output: exit 2" expect_failure 2 "--embeds"

run --stylesheet=custom.css --to=html-fragment one.article out.html
check "--stylesheet for a fragment: exit 2" expect_failure 2 "--stylesheet"

run --help
check "--help: exit 0" expect_rc 0
check "--help shows the arguments" contains out "INPUT OUTPUT"
check "--help lists the formats" contains out "html-fragment"

run --version
check "--version: exit 0" expect_rc 0
check "--version names the program" contains out "copydesk-convert"

tap_finish
