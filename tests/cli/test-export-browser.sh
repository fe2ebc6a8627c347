#!/usr/bin/env bash
# test-export-browser.sh: every HTML export variant of the sample story, of
# an all-blocks story and of a right-to-left (Urdu and Arabic) story passes
# the W3C Nu checker, and opens in headless Chromium with axe-core finding
# nothing (TAP)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-export-browser.sh PATH-TO-COPYDESK-CONVERT
# Needs java with build-aux/node/node_modules/vnu-jar, Debian's chromium,
# and playwright-core and axe-core in build-aux/node/node_modules: the dev
# script installs them all. A missing tool is a failure, not a skip.
#
# Variants, for each story: a page with its images in NAME_files/ and one
# with its stylesheet in NAME.css (static and official embeds), a single
# self-contained page (static and official), and the CMS fragment (static
# and official; the fragment goes to the Nu checker inside a minimal page),
# and a page in the Modern house style (static embeds). In the
# right-to-left story, every text whose first letter is Arabic script must
# also read right to left in the browser.
# Chromium has no network here: official pages log failed script loads,
# so "no console errors" and "no other host" are required of static pages.

set -u

. "$(dirname "$0")/tap.sh"

convert=${1:?usage: test-export-browser.sh COPYDESK-CONVERT}
case $convert in /*) ;; *) convert=$PWD/$convert ;; esac
source_dir=${COPYDESK_SOURCE_DIR:?COPYDESK_SOURCE_DIR is not set}
node_modules=$source_dir/build-aux/node/node_modules
vnu_jar=$node_modules/vnu-jar/build/dist/vnu.jar
checker=$(cd "$(dirname "$0")" && pwd)/check-pages.js
base_url=https://news.example/local

missing=
command -v java >/dev/null 2>&1 || missing="$missing java"
command -v node >/dev/null 2>&1 || missing="$missing node"
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || missing="$missing chromium"
[ -f "$vnu_jar" ] || missing="$missing vnu-jar"
[ -d "$node_modules/playwright-core" ] || missing="$missing playwright-core"
[ -f "$node_modules/axe-core/axe.min.js" ] || missing="$missing axe-core"
if [ -n "$missing" ]; then
  tap_result 1 "the checkers are installed"
  diag "missing:$missing"
  diag "Install them as the dev script does: apt-get install chromium default-jre-headless nodejs npm;"
  diag "(cd build-aux/node && npm ci)."
  tap_finish
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-browser-test.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# The all-blocks and right-to-left stories keep their picture in the
# sample's media folder.
mkdir -p "$tmp/out"
for story in all-blocks rtl; do
  mkdir -p "$tmp/$story/media"
  cp "$(dirname "$0")/$story/article.json" "$tmp/$story/article.json"
  cp "$source_dir/data/samples/sample/media/harbour.png" "$tmp/$story/media/harbour.png"
done
modern_css=$source_dir/data/styles/modern.css

stories="sample=$source_dir/data/samples/sample/article.json all-blocks=$tmp/all-blocks/article.json rtl=$tmp/rtl/article.json"
pages_json=$tmp/pages.json
vnu_files=
browser_expected=0

# export NAME ARGS...: one variant, into $tmp/out.
export_variant ()
{
  name=$1
  shift
  if "$convert" "$@" >"$tmp/stdout" 2>"$tmp/stderr"; then
    tap_result 0 "export $name"
  else
    tap_result 1 "export $name"
    diag "$(cat "$tmp/stderr")"
  fi
}

# The provider markup each story must show in official mode.
official_markup ()
{
  case $1 in
    sample) echo '"blockquote.twitter-tweet", "blockquote.bluesky-embed", "iframe[src^=\"https://www.youtube-nocookie.com/embed/\"]"' ;;
    all-blocks) echo '"blockquote.twitter-tweet", "div.fb-post", "div.fb-video", "div#fb-root",
      "blockquote.instagram-media", "iframe[src^=\"https://www.youtube-nocookie.com/embed/\"]",
      "blockquote.tiktok-embed", "blockquote.bluesky-embed", "iframe.mastodon-embed",
      "blockquote.text-post-media", "figure.embed-link blockquote.embed-card"' ;;
    rtl) echo '"blockquote.twitter-tweet", "figure.embed-link blockquote.embed-card"' ;;
  esac
}

printf '[\n' >"$pages_json"
separator=
for entry in $stories; do
  story=${entry%%=*}
  input=${entry#*=}

  for embeds in static official; do
    page=$tmp/out/$story-page-$embeds.html
    linked=$tmp/out/$story-linked-$embeds.html
    single=$tmp/out/$story-single-$embeds.html
    fragment=$tmp/out/$story-fragment-$embeds.part

    export_variant "$story: page with NAME_files/, $embeds embeds" \
      --embeds=$embeds --base-url=$base_url "$input" "$page"
    export_variant "$story: page with NAME.css, $embeds embeds" \
      --embeds=$embeds --base-url=$base_url --external-stylesheet "$input" "$linked"
    export_variant "$story: single self-contained page, $embeds embeds" \
      --to=html-single --embeds=$embeds --base-url=$base_url "$input" "$single"
    export_variant "$story: fragment, $embeds embeds" \
      --to=html-fragment --embeds=$embeds "$input" "$fragment"

    {
      printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
      printf '<title>Fragment check</title>\n</head>\n<body>\n'
      cat "$fragment"
      printf '</body>\n</html>\n'
    } >"$fragment.html"

    vnu_files="$vnu_files $page $linked $single $fragment.html"
    variants="page linked single"

    if [ $embeds = static ]; then
      export_variant "$story: page in the Modern house style, $embeds embeds" \
        --embeds=$embeds --base-url=$base_url --stylesheet="$modern_css" "$input" "$tmp/out/$story-modern-$embeds.html"
      vnu_files="$vnu_files $tmp/out/$story-modern-$embeds.html"
      variants="$variants modern"
    fi
    rtl=false
    [ $story = rtl ] && rtl=true

    if [ $embeds = official ]; then
      markup=$(official_markup "$story")
    else
      markup='"figure.embed blockquote.embed-card"'
    fi
    # What check-pages.js reports for one page: renders, images, JSON-LD,
    # one line per markup selector and axe on the desktop; then each
    # provider script once (official) or axe on a phone, no console
    # errors and no other host (static); and for a right-to-left story
    # the direction of its text.
    markup_count=$(printf '%s' "$markup" | tr -d '\n' | grep -o '\(^\|,\) *"' | wc -l)
    if [ $embeds = official ]; then
      page_checks=$((4 + markup_count + 1))
    else
      page_checks=$((4 + markup_count + 3))
    fi
    [ $rtl = true ] && page_checks=$((page_checks + 1))
    for variant in $variants; do
      file=$tmp/out/$story-$variant-$embeds.html
      image=true
      [ $variant = single ] && image=false
      printf '%s  {"name": "%s %s, %s embeds", "file": "%s", "embeds": "%s", "image": %s, "rtl": %s, "markup": [%s]}\n' \
        "$separator" "$story" "$variant" "$embeds" "$file" "$embeds" "$image" "$rtl" "$markup" >>"$pages_json"
      separator=,
      browser_expected=$((browser_expected + page_checks))
    done
  done
done
printf ']\n' >>"$pages_json"

# What only a file listing shows: the pieces beside the pages.
# Exports name an image by its content: STEM-HASH.EXT (cd_media_export()).
pub=harbour-$(sha256sum "$source_dir/data/samples/sample/media/harbour.png" | cut -c1-12).png
check "the page's images are in NAME_files/" test -s "$tmp/out/all-blocks-page-static_files/$pub"
check "the linked stylesheet is written as NAME.css" test -s "$tmp/out/all-blocks-linked-static.css"
check "a single page has nothing beside it" test ! -e "$tmp/out/all-blocks-single-static_files"
check "a single page holds its images" grep -q 'src="data:image/png;base64,' "$tmp/out/all-blocks-single-static.html"

# Static pages name no third-party script, frame or stylesheet at all.
for file in "$tmp"/out/*-static.html; do
  if grep -nE '<(script|iframe|link)[^>]* (src|href)="(https?:)?//' "$file" | grep -v 'rel="canonical"' >"$tmp/remote"; then
    tap_result 1 "$(basename "$file") loads nothing from another host"
    diag "$(cat "$tmp/remote")"
  else
    tap_result 0 "$(basename "$file") loads nothing from another host"
  fi
done

# One Java start for all the files: the JVM start dominates the run time.
java -jar "$vnu_jar" --errors-only $vnu_files >"$tmp/vnu.log" 2>&1
vnu_status=$?
if [ "$vnu_status" -gt 1 ]; then
  tap_result 1 "the W3C Nu checker ran"
  diag "$(cat "$tmp/vnu.log")"
else
  for file in $vnu_files; do
    if grep -F -- "/$(basename "$file")\"" "$tmp/vnu.log" >"$tmp/errors"; then
      tap_result 1 "$(basename "$file") passes the Nu checker"
      diag "$(cat "$tmp/errors")"
    else
      tap_result 0 "$(basename "$file") passes the Nu checker"
    fi
  done
  if [ "$vnu_status" -ne 0 ] && [ "$tap_failed" -eq 0 ]; then
    tap_result 1 "the Nu checker reported no other errors"
    diag "$(cat "$tmp/vnu.log")"
  fi
fi

# Chromium and axe-core: the checker prints TAP lines without numbers.
# A checker that dies early prints few lines, all of them "ok": its exit
# status and the number of results it gave are checked too.
node "$checker" "$node_modules" "$chromium" "$pages_json" >"$tmp/browser.log" 2>&1
node_status=$?
browser_results=0
browser_failed=0
while IFS= read -r line; do
  case $line in
    "ok - "*) tap_result 0 "${line#ok - }"; browser_results=$((browser_results + 1)) ;;
    "not ok - "*)
      tap_result 1 "${line#not ok - }"
      browser_results=$((browser_results + 1))
      browser_failed=$((browser_failed + 1))
      ;;
    *) diag "$line" ;;
  esac
done <"$tmp/browser.log"
if [ "$node_status" -eq 0 ] && [ "$browser_failed" -eq 0 ]; then
  tap_result 0 "the Chromium checker finished"
elif [ "$node_status" -ne 0 ] && [ "$browser_failed" -gt 0 ]; then
  tap_result 0 "the Chromium checker exits with a failure ($node_status) for its $browser_failed failed checks"
else
  tap_result 1 "the Chromium checker's exit status ($node_status) agrees with its $browser_failed failed checks"
fi
if [ "$browser_results" -eq "$browser_expected" ]; then
  tap_result 0 "the Chromium checker gave all $browser_expected results"
else
  tap_result 1 "the Chromium checker gave $browser_results results, expected $browser_expected"
fi

tap_finish
