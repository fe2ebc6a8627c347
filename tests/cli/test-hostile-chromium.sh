#!/usr/bin/env bash
# test-hostile-chromium.sh: the hostile stories' HTML in headless Chromium (TAP)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-hostile-chromium.sh PATH-TO-COPYDESK-CONVERT
# Needs COPYDESK_SOURCE_DIR, HOSTILE_STORIES_DIR and HOSTILE_GENERATED_DIR
# (set by tests/hostile/meson.build) and chromium (installed by
# build-aux/dev test).
#
# Each story that loads is exported with copydesk-convert and opened in a
# browser that does run scripts. The test's own probe
# (tests/hostile/probe.js), appended after the page, runs once the page
# has loaded and reports on the DOM; Chromium prints the DOM with the
# reports. A vector that escaped would have set data-pwned on the
# document; one that broke the page's structure (an unclosed comment, a
# <plaintext>) swallows the probe, and a missing report fails too.

set -u

. "$(dirname "$0")/tap.sh"

convert=${1:?usage: test-hostile-chromium.sh COPYDESK-CONVERT}
case $convert in /*) ;; *) convert=$PWD/$convert ;; esac
source_dir=${COPYDESK_SOURCE_DIR:?COPYDESK_SOURCE_DIR is not set}
stories_dir=${HOSTILE_STORIES_DIR:?HOSTILE_STORIES_DIR is not set}
generated_dir=${HOSTILE_GENERATED_DIR:?HOSTILE_GENERATED_DIR is not set}
probe_js=$source_dir/tests/hostile/probe.js

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
  chromium=$(command -v chromium || command -v chromium-browser || true)
fi
[ -n "$chromium" ] && [ -x "$chromium" ] || bail_out "chromium is not installed (build-aux/dev test installs it)"
[ -x "$convert" ] || bail_out "$convert is not an executable"
[ -f "$probe_js" ] || bail_out "no probe at $probe_js"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/copydesk-hostile-chromium.XXXXXX") || bail_out "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# The nonce is only in this run's probe, so no story can print a report.
nonce=$RANDOM$RANDOM$RANDOM

# Starting Chromium costs seconds, so each batch of stories is opened in
# one run: every story page sits in a frame of an index page, and the
# probe in each frame posts its report to the index, which lists them.

# append_probe HTML NAME OFFICIAL: adds the probe after the page. "PROBE-"
# and the nonce are joined at run time so that the probe's own source,
# which is in the DOM too, never reads as a report.
append_probe ()
{
  {
    printf '<script id="copydesk-probe">\n'
    printf 'window.addEventListener ("load", function () { setTimeout (function () {\n'
    printf '  var result = ('
    cat "$probe_js"
    printf ') ({ maxStyles: 1, officialEmbeds: %s });\n' "$3"
    printf '  parent.postMessage ({ story: "%s", report: "PROBE-" + "%s:" + result + ":END" }, "*");\n' "$2" "$nonce"
    printf '}, 50); });\n</script>\n'
  } >>"$1"
}

# dump_dom HTML DOM: the DOM after the page's scripts (and timers, in
# virtual time) have run. Nothing leaves the machine: every host name
# fails to resolve.
dump_dom ()
{
  local profile status
  profile=$(mktemp -d "$tmp/profile.XXXXXX")
  timeout 300 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --disable-extensions --password-store=basic --user-data-dir="$profile" \
    --host-resolver-rules='MAP * ~NOTFOUND' \
    --virtual-time-budget=5000 --dump-dom "file://$1" >"$2" 2>"$tmp/chromium.log"
  status=$?
  rm -rf "$profile"
  return $status
}

# report_of DOM NAME: the report the probe of story NAME posted.
report_of ()
{
  grep -o "$2 PROBE-$nonce:[^<]*:END" "$1" | head -n 1 | cut -d ' ' -f 2-
}

# run_batch DIR OFFICIAL NAME...: opens DIR/NAME.html for every NAME, each
# with the probe, in one Chromium run; leaves the DOM in DIR/dom.html.
run_batch ()
{
  local dir=$1 official=$2 name
  shift 2
  {
    printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>batch</title></head><body>\n'
    printf '<pre id="reports"></pre>\n<script>\n'
    printf 'window.addEventListener ("message", function (event) {\n'
    printf '  document.getElementById ("reports").textContent += "\\n" + event.data.story + " " + event.data.report + "\\n";\n'
    printf '});\n</script>\n'
    for name in "$@"; do
      append_probe "$dir/$name.html" "$name" "$official"
      printf '<iframe src="%s.html" width="1000" height="800"></iframe>\n' "$name"
    done
    printf '</body></html>\n'
  } >"$dir/index.html"

  if ! dump_dom "$dir/index.html" "$dir/dom.html"; then
    tail -n 20 "$tmp/chromium.log" | sed 's/^/# /'
    bail_out "chromium failed"
  fi
}

# check_report DOM NAME: the story's report is there and clean.
check_report ()
{
  local report
  report=$(report_of "$1" "$2")
  if [ -z "$report" ]; then
    echo "no report from the probe: the page swallowed it or never loaded"
    return 1
  fi
  if [ "$report" != "PROBE-$nonce:clean:END" ]; then
    echo "$report"
    return 1
  fi
}

# export_story STORY EMBEDS HTML: the story as a page, as a user exports it.
export_story ()
{
  if ! "$convert" --to=html --embeds="$2" "$1" "$3" 2>"$tmp/convert.err"; then
    echo "copydesk-convert refused a story that must load:"
    cat "$tmp/convert.err"
    return 1
  fi
}

# Official embeds, whose markup differs only in the embeds, are opened
# for the stories that aim at them; test-hostile checks every story's
# official markup without a browser.
official_too="load-embed-official load-script-tags load-quote-breaking load-event-handlers"

mkdir -p "$tmp/static" "$tmp/official"
static_names=()
official_names=()
n_stories=0
for story in "$stories_dir"/load-*.json "$generated_dir"/load-*.json; do
  [ -f "$story" ] || continue
  n_stories=$((n_stories + 1))
  name=$(basename "$story" .json)
  check "$name: exported as a page (static embeds)" export_story "$story" static "$tmp/static/$name.html" &&
    static_names+=("$name")
  case " $official_too " in
    *" $name "*)
      check "$name: exported as a page (official embeds)" export_story "$story" official "$tmp/official/$name.html" &&
        official_names+=("$name") ;;
  esac
done
[ "$n_stories" -ge 10 ] || bail_out "only $n_stories hostile stories found in $stories_dir and $generated_dir"

# The probe must be able to fail: a control page whose script does run
# goes into the batch beside the stories.
printf '<!DOCTYPE html><html><body><article><h1>x</h1></article>\n<script>document.documentElement.setAttribute("data-pwned", "control")</script></body></html>\n' \
  >"$tmp/static/control.html"

run_batch "$tmp/static" false control "${static_names[@]}"
control_report=$(report_of "$tmp/static/dom.html" control)
case $control_report in
  "PROBE-$nonce:dirty: "*data-pwned*) tap_result 0 "the probe sees a vector that ran (control page)" ;;
  *)
    tap_result 1 "the probe sees a vector that ran (control page)"
    bail_out "the probe cannot tell a dirty page (it said: ${control_report:-nothing}); nothing it says would count" ;;
esac
for name in "${static_names[@]}"; do
  check "$name: no script of the story runs in Chromium (static embeds)" check_report "$tmp/static/dom.html" "$name"
done

if [ ${#official_names[@]} -gt 0 ]; then
  run_batch "$tmp/official" true "${official_names[@]}"
  for name in "${official_names[@]}"; do
    check "$name: no script of the story runs in Chromium (official embeds)" check_report "$tmp/official/dom.html" "$name"
  done
fi

# Stories the reader refuses never become HTML.
refused ()
{
  rm -f "$tmp/refused.html"
  if "$convert" --to=html "$1" "$tmp/refused.html" 2>"$tmp/refused.err"; then
    echo "exported a story that must be refused"
    return 1
  fi
  if [ -e "$tmp/refused.html" ]; then
    echo "left an HTML file behind"
    return 1
  fi
  if ! grep -q -F "$(basename "$1")" "$tmp/refused.err"; then
    echo "the error does not name the file:"
    cat "$tmp/refused.err"
    return 1
  fi
}

for story in "$stories_dir"/refuse-*.json; do
  check "$(basename "$story" .json): refused with an error naming the file, no HTML written" refused "$story"
done

tap_finish
