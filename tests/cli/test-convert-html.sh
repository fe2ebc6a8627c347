#!/usr/bin/env bash
# test-convert-html.sh: copydesk-convert reading saved web pages and
# documents saved as HTML (TAP)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-convert-html.sh PATH-TO-COPYDESK-CONVERT
# Needs COPYDESK_SOURCE_DIR (the repository root), set by tests/meson.build.

set -u

. "$(dirname "$0")/tap.sh"

convert=${1:?usage: test-convert-html.sh COPYDESK-CONVERT}
case $convert in /*) ;; *) convert=$PWD/$convert ;; esac
source_dir=${COPYDESK_SOURCE_DIR:?COPYDESK_SOURCE_DIR is not set}
paste_dir=$source_dir/tests/paste
sample_dir=$source_dir/data/samples/sample

[ -x "$convert" ] || bail_out "$convert is not an executable"
[ -f "$paste_dir/gdocs-saved-web-page.html" ] || bail_out "no clipboard corpus in $paste_dir"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-convert-html.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || bail_out "cannot enter $tmp"

run ()
{
  "$convert" "$@" >out 2>err
  rc=$?
}

expect_rc ()
{
  if [ "$rc" -ne "$1" ]; then
    echo "exit status $rc, expected $1"
    cat err
    return 1
  fi
}

stderr_has ()
{
  for word in "$@"; do
    grep -qF -- "$word" err || { echo "stderr does not mention '$word':"; cat err; return 1; }
  done
}

stderr_is_one_line ()
{
  [ "$(wc -l <err)" -eq 1 ] || { echo "stderr is not one line:"; cat err; return 1; }
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

# json_field FILE EXPRESSION: prints a member of an article.json.
json_field ()
{
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

equals ()
{
  [ "$1" = "$2" ] || { echo "got '$1', expected '$2'"; return 1; }
}

# --- a Google Docs document saved as a web page -------------------------------
cp "$paste_dir/gdocs-saved-web-page.html" harbour.html
run harbour.html harbour.article
check "a Google Docs web page converts to a story: exit 0" expect_rc 0
check "... it was not taken for NITF" lacks err "NITF"
run harbour.article harbour.json
check "... the story reads back" expect_rc 0
check "... the title paragraph is the headline" \
  equals "$(json_field harbour.json 'd["headline"]')" "Harbour wall plan approved"
check "... the body starts after it, its no-break space kept" \
  equals "$(json_field harbour.json 'd["body"][0]["text"]')" "$(printf 'The council approved the plan on Tuesday, with one\302\240abstention.')"
check "... Google's link redirect is unwrapped" contains harbour.json '"href" : "https://www.example.gov.uk/budget"'
check "... the comment stays out" lacks harbour.json "Check the pump figure"
check "... the footnote mark stays out" lacks harbour.json "[1]"

# --- a saved web page with its pictures beside it ----------------------------
mkdir -p "Wall story_files"
cp "$sample_dir/media/harbour.png" "Wall story_files/harbour.png"
cat >"Wall story.html" <<'PAGE'
<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Wall to rise | Coast Courier</title>
<script src="Wall story_files/tracker.js"></script></head>
<body><header><nav><a href="/">Home</a></nav></header>
<main><article><h1>Harbour wall to rise</h1><p class="byline">By Anna Berg</p>
<p>The council <strong>approved</strong> the plan.</p>
<figure><img src="Wall%20story_files/harbour.png" alt="The harbour at dusk"><figcaption>The harbour. <span class="credit">Anna Berg</span></figcaption></figure>
<aside><h2>Read more</h2><p>Ferries</p></aside></article></main>
<footer>© Coast Courier</footer></body></html>
PAGE
run "Wall story.html" wall.json
check "a saved web page converts: exit 0" expect_rc 0
check "... its h1 is the headline, not <title>" equals "$(json_field wall.json 'd["headline"]')" "Harbour wall to rise"
check "... its byline is read" equals "$(json_field wall.json 'd["bylines"][0]["name"]')" "Anna Berg"
check "... its language is read" equals "$(json_field wall.json 'd["language"]')" "en-GB"
check "... menu, aside and footer stay out" \
  equals "$(json_field wall.json '[b["type"] for b in d["body"]]')" "['paragraph', 'figure']"
check "... the picture beside it is in the story" \
  equals "$(json_field wall.json 'd["body"][1]["src"].startswith("media/")')" "True"
check "... and written beside the article.json" test -f "$(json_field wall.json 'd["body"][1]["src"]')"

# --- Word -------------------------------------------------------------------
cp "$paste_dir/word-comments-footnotes-quote.html" minutes.htm
run minutes.htm minutes.json
check "a Word HTML document converts: exit 0" expect_rc 0
check "... its Heading 1 is the headline" equals "$(json_field minutes.json 'd["headline"]')" "Flood plan approved"
check "... Word's comment anchor stays out" lacks minutes.json "CP1"
check "... its quote is a quote" contains minutes.json '"type" : "quote"'

# --- our own export comes back ------------------------------------------------
run "$sample_dir/article.json" sample.html
check "the sample story exports to HTML" expect_rc 0
run sample.html sample-again.json
check "... and the page converts back" expect_rc 0
check "... with its headline" \
  equals "$(json_field sample-again.json 'd["headline"]')" "$(json_field "$sample_dir/article.json" 'd["headline"]')"
check "... and its first paragraph" \
  equals "$(json_field sample-again.json 'd["body"][0]["text"]')" "$(json_field "$sample_dir/article.json" 'd["body"][0]["text"]')"
check "... and its lead photo, with the picture" \
  equals "$(json_field sample-again.json '(d["lead"]["alt"], d["lead"]["src"].startswith("media/"))')" \
         "$(json_field "$sample_dir/article.json" '(d["lead"]["alt"], True)')"
check "... and as many body blocks" \
  equals "$(json_field sample-again.json 'len(d["body"])')" "$(json_field "$sample_dir/article.json" 'len(d["body"])')"

# --- what is still refused ------------------------------------------------------
printf '<!DOCTYPE html><html><head><title></title><script>x()</script></head><body> </body></html>\n' >empty.html
run empty.html empty.json
check "a page without text: exit 1, one line naming the file" expect_rc 1
check "... one line" stderr_is_one_line
check "... naming the file and why" stderr_has empty.html "no text"

printf '<rss version="2.0"><channel/></rss>\n' >feed.xml
run feed.xml feed.json
check "XML that is neither NITF nor HTML is still refused as XML" expect_rc 1
check "... naming its root" stderr_has feed.xml "<rss>"

tap_finish
