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
# Exports name an image STEM-HASH.EXT: the start of its SHA-256 and the
# extension of its bytes, so that no export replaces a different image.
pub=harbour-$(sha256sum "$sample_png" | cut -c1-12).png

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
check "json export writes the story's media beside it" same_bytes "$sample_png" "w1/media/$pub"

run w1/article.json one.article
check "json to article" expect_rc 0
run one.article w2/article.json
check "article to json" expect_rc 0
check "json -> article -> json is byte-identical" same_bytes w1/article.json w2/article.json
check "media survive the round trip" same_bytes "$sample_png" "w2/media/$pub"
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
check "html export writes NAME_files/HARBOUR-HASH.png" same_bytes "$sample_png" "story_files/$pub"
check "the page references NAME_files/HARBOUR-HASH.png" contains story.html "src=\"story_files/$pub\""
check "the page does not reference media/" lacks story.html 'src="media/'

# The first rule of the source stylesheet stands for all of it.
first_css_rule=$(grep -m1 '{[[:space:]]*$' "$source_dir/data/styles/default.css")
check "the page inlines a stylesheet" contains story.html "<style"
check "the built-in stylesheet is data/styles/default.css" contains story.html "${first_css_rule:-no rule in default.css}"

run "one.article" "my story#1.html"
check "html export to a name with spaces: exit 0" expect_rc 0
check "the media folder keeps the page's name" same_bytes "$sample_png" "my story#1_files/$pub"
check "the page's image URL is escaped" contains "my story#1.html" "src=\"my%20story%231_files/$pub\""

run --to=html-fragment one.article frag-media.html
check "a fragment also gets NAME_files/" same_bytes "$sample_png" "frag-media_files/$pub"
check "a fragment references NAME_files/" contains frag-media.html "src=\"frag-media_files/$pub\""

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

# A story names the hosts of its embeds: --embeds=official loads script
# only from the providers' own hosts, never from a Mastodon instance (any
# host) the story names, and refuses numeric and local hosts outright.
cat >hostile-hosts.json <<'JSON'
{"format": "copydesk.article", "version": 1, "language": "en", "headline": "Hosts",
 "body": [
  {"type": "embed", "id": "m1", "provider": "mastodon", "kind": "post", "text": "public",
   "url": "https://social.example.org/@desk/112233445566778899"},
  {"type": "embed", "id": "m2", "provider": "mastodon", "kind": "post", "text": "loopback",
   "url": "https://127.0.0.1/@desk/112233445566778899"},
  {"type": "embed", "id": "m3", "provider": "mastodon", "kind": "post", "text": "octal",
   "url": "https://0x7f.1/@desk/112233445566778899"},
  {"type": "embed", "id": "m4", "provider": "mastodon", "kind": "post", "text": "local",
   "url": "https://localhost/@desk/112233445566778899"},
  {"type": "embed", "id": "x1", "provider": "x", "kind": "post", "text": "look-alike",
   "url": "https://x.com@evil.example/desk/status/1"}
 ]}
JSON
run --embeds=official --to=html-fragment hostile-hosts.json official-hosts.html
check "official embeds of hostile hosts: exit 0" expect_rc 0
check "no script from the Mastodon instance the story names" lacks official-hosts.html 'social.example.org/embed.js'
check "the instance's post is its sandboxed frame alone" \
  contains official-hosts.html '<iframe src="https://social.example.org/@desk/112233445566778899/embed" class="mastodon-embed" title="Mastodon: desk" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"'
check "no script, frame or link for a loopback host" lacks official-hosts.html '127.0.0.1'
check "no script, frame or link for a numeric host" lacks official-hosts.html '0x7f.1'
check "no script, frame or link for localhost" lacks official-hosts.html 'localhost'
check "no link that hides its host behind a user name" lacks official-hosts.html 'evil.example'
check "the look-alike is not labelled as X" lacks official-hosts.html '>X<'
scripts=$(grep -o '<script[^>]*src="[^"]*"' official-hosts.html | grep -v 'src="https://platform.twitter.com/' || true)
check "no script but the providers' own" test -z "$scripts"

# --- publication: one-file pages, base URL, external stylesheet ---------------

mkdir single
run --to=html-single one.article single/story.html
check "--to=html-single: exit 0" expect_rc 0
check "html-single is a whole page" starts_with single/story.html "<!DOCTYPE html>"
check "html-single inlines the images" contains single/story.html 'src="data:image/png;base64,'
check "html-single inlines the stylesheet" contains single/story.html "<style"
check "html-single writes nothing beside the page" test ! -e single/story_files
check "html-single carries JSON-LD" contains single/story.html '<script type="application/ld+json">'

run --base-url=https://news.example/local/ one.article based.html
check "--base-url: exit 0" expect_rc 0
check "--base-url gives the canonical address BASE/SLUG" \
  contains based.html '<link rel="canonical" href="https://news.example/local/porthaven-night-ferry">'
check "--base-url names the lead image under it" \
  contains based.html "<meta property=\"og:image\" content=\"https://news.example/local/based_files/$pub\">"
check "with a lead image the card is large" contains based.html '<meta name="twitter:card" content="summary_large_image">'
check "JSON-LD has the canonical address" contains based.html '"url" : "https://news.example/local/porthaven-night-ferry"'
check "without --base-url there is no canonical link" lacks story.html 'rel="canonical"'
check "without --base-url there is no og:image" lacks story.html 'og:image'

run --base-url=https://news.example/local --to=html-single one.article based-single.html
check "--base-url with html-single: exit 0" expect_rc 0
check "a self-contained page names no image file" lacks based-single.html 'og:image'

mkdir external
run --external-stylesheet one.article external/story.html
check "--external-stylesheet: exit 0" expect_rc 0
check "--external-stylesheet writes NAME.css" contains external/story.css "${first_css_rule:-no rule in default.css}"
check "--external-stylesheet links NAME.css" contains external/story.html '<link rel="stylesheet" href="story.css">'
check "--external-stylesheet inlines no CSS" lacks external/story.html "<style"

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

# --- wire formats: NITF and ninjs ----------------------------------------------

wire_dir=$source_dir/tests/core/data/wire
notes_words="fares confirmed by the harbour board"

mkdir -p nitf
run one.article nitf/story.nitf
check ".nitf: exit 0" expect_rc 0
check ".nitf gives XML" starts_with nitf/story.nitf "<?xml"
check "the NITF is in the IPTC namespace" contains nitf/story.nitf 'xmlns="http://iptc.org/std/NITF/2006-10-18/"'
check "NITF export writes the story's media to media/ beside it" same_bytes "$sample_png" "nitf/media/$pub"
check "the NITF references media/HARBOUR-HASH.png" contains nitf/story.nitf "source=\"media/$pub\""
check "desk notes never leave in NITF" lacks nitf/story.nitf "$notes_words"

run one.article inferred-nitf.xml
check ".xml gives NITF" contains inferred-nitf.xml "<nitf "

run one.article story.ninjs
check ".ninjs: exit 0" expect_rc 0
check ".ninjs gives JSON" starts_with story.ninjs "{"
check "the ninjs has bodies" contains story.ninjs '"bodies"'
check "ninjs carries its images inside" contains story.ninjs 'data:image/png;base64,'
check "desk notes never leave in ninjs" lacks story.ninjs "$notes_words"

run one.article story.ninjs.json
check ".ninjs.json is ninjs, not article.json" lacks story.ninjs.json "copydesk.article"
check "... same as .ninjs" same_bytes story.ninjs story.ninjs.json

run one.article STORY.NINJS.JSON
check "compound extensions are matched in any case" same_bytes story.ninjs STORY.NINJS.JSON

run --to=nitf one.article -
check "--to=nitf - writes NITF to stdout" starts_with out "<?xml"
check "... the same as the file" same_bytes nitf/story.nitf out

run --to=ninjs one.article -
check "--to=ninjs - writes ninjs to stdout" same_bytes story.ninjs out

mkdir -p back-nitf back-ninjs
run nitf/story.nitf back-nitf/article.json
check "NITF input converts to article.json" expect_rc 0
check "... keeping the headline" contains back-nitf/article.json '"Night ferry to Gull Island to sail from next month"'
check "... keeping a byline" contains back-nitf/article.json '"Maren Talbot"'
check "... and reading its pictures from beside it" same_bytes "$sample_png" "back-nitf/media/$pub"

run story.ninjs back-ninjs/article.json
check "ninjs input converts to article.json" expect_rc 0
check "... keeping the dateline" contains back-ninjs/article.json '"PORTHAVEN"'
check "... keeping a caption" contains back-ninjs/article.json '"The Moonrunner on a trial crossing of Porthaven harbour at dusk."'

run "$wire_dir/nitf-2.5.xml" wire.article
check "a wire NITF 2.5 file converts to .article" expect_rc 0
run wire.article wire.json
check "... with its entities read" contains wire.json '"Café owners fight'

run "$wire_dir/newsml-1.2.xml" -
check "NewsML input needs --to for stdout" expect_failure 2 "--to"
run --to=ninjs "$wire_dir/newsml-1.2.xml" -
check "NewsML converts straight to ninjs" contains out "Ferry strike called off"

run --embeds=official one.article out.nitf
check "--embeds for NITF output: exit 2" expect_failure 2 "--embeds"

printf 'Just a note, not a story.\n' >note.txt
run note.txt note.json
check "a file that is no story: exit 1, one line naming the file" expect_failure 1 note.txt
check "... saying what was expected" stderr_has "ninjs or an HTML page"

printf '<rss version="2.0"><channel/></rss>\n' >feed.xml
run feed.xml feed.json
check "XML that is not NITF: exit 1, one line naming the file" expect_failure 1 feed.xml "<rss>"

# --- hostile wire files: refused with a message, never read in part ------------

hostile_wire=$source_dir/tests/hostile/wire
python3 "$source_dir/tests/hostile/generate-wire.py" generated >/dev/null || bail_out "generate-wire.py failed"

for size in 600k 2400k; do
  run generated/refuse-nitf-entities-$size.xml bomb.json
  check "NITF entities standing for 200 MB+ ($size file): exit 1, one line naming the file" \
    expect_failure 1 "refuse-nitf-entities-$size.xml" "entity references stand for more than"
  check "... and nothing written" test ! -e bomb.json
done

run "$hostile_wire/refuse-nitf-entity-expansion-attribute.xml" bomb.json
check "NITF entities in an attribute: exit 1 with the budget's message" \
  expect_failure 1 "refuse-nitf-entity-expansion-attribute.xml" "entity references stand for more than"

run "$hostile_wire/refuse-nitf-deep-markup.xml" deep.json
check "NITF nested 230 deep: exit 1, one line naming the file" \
  expect_failure 1 "refuse-nitf-deep-markup.xml" "line 3" "nested more than 200 deep"
run "$hostile_wire/refuse-nitf-deeper-than-libxml2.xml" deep.json
check "NITF nested 300 deep: exit 1 with the same words" \
  expect_failure 1 "refuse-nitf-deeper-than-libxml2.xml" "nested more than 200 deep"

run "$hostile_wire/refuse-ninjs-deep-body-html.json" deep.json
check "ninjs body_html nested 230 deep: exit 1, one line naming the file" \
  expect_failure 1 "refuse-ninjs-deep-body-html.json" "the HTML body nests elements more than 200 deep"
run "$hostile_wire/refuse-ninjs-body-html-deeper-than-libxml2.json" deep.json
check "ninjs body_html nested 300 deep: exit 1 with the same words" \
  expect_failure 1 "refuse-ninjs-body-html-deeper-than-libxml2.json" "the HTML body nests elements"

run "$hostile_wire/refuse-article-json-without-format.json" lost.article
check "article.json without 'format': exit 1, one line naming the file" \
  expect_failure 1 "refuse-article-json-without-format.json" "missing 'format'"
check "... not read as an empty ninjs story" test ! -e lost.article
run "$hostile_wire/refuse-article-json-body-blocks-only.json" lost.article
check "a JSON body of blocks without 'format': exit 1" \
  expect_failure 1 "refuse-article-json-body-blocks-only.json" "missing 'format'"

run generated/load-marks-100000.json marks.html
check "a paragraph of 100,000 marks converts to HTML" expect_rc 0
check "... with every word in it" contains marks.html "w24999"

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

# Six photos of 500 MiB each in 3 MB (tests/hostile/generate-bomb.py): each
# is under the entry limit, together they are over the total one.
bomb=${G_TEST_BUILDDIR:?G_TEST_BUILDDIR is not set}/hostile/refuse-total-size.article
run "$bomb" bomb.html
check "entries unpacking to 3 GiB: exit 1, one line naming the file and the limit" \
  expect_failure 1 refuse-total-size.article "total limit of 1.0"
check "entries unpacking to 3 GiB: no page nor images written" test ! -e bomb.html -a ! -e bomb_files

# Saving beside other users: a folder like /tmp, a link in it another user
# made pointing at a file of ours, and a file we may not write.
mkdir shared && chmod 1777 shared
printf 'mine\n' >mine.json
cp mine.json mine.expected
ln -s "$PWD/mine.json" shared/out.json
if chown -h 65534:65534 shared/out.json 2>/dev/null; then
  run one.article shared/out.json
  check "a link another user made in a sticky folder: exit 1, one line naming the file" \
    expect_failure 1 shared/out.json "another user"
  check "... and the file it points to is left alone" same_bytes mine.expected mine.json
else
  check "a link another user made in a sticky folder # SKIP only root can give a link away" true
  check "... and the file it points to is left alone # SKIP only root can give a link away" true
fi
chmod 444 mine.json
run one.article mine.json
check "a read-only output: exit 1, one line naming the file" \
  expect_failure 1 mine.json "Permission denied"
check "... and it is left alone" same_bytes mine.expected mine.json

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

run --base-url=javascript:alert%281%29 one.article out.html
check "a --base-url that is not http(s): exit 2" expect_failure 2 "--base-url"

run --base-url=https://news.example --to=html-fragment one.article out.html
check "--base-url for a fragment: exit 2" expect_failure 2 "--base-url"

run --external-stylesheet --to=html-single one.article out.html
check "--external-stylesheet for a single page: exit 2" expect_failure 2 "--external-stylesheet"

run --external-stylesheet --to=html one.article -
check "--external-stylesheet on standard output: exit 2" expect_failure 2 "--external-stylesheet"

# --- hostile media ----------------------------------------------------------
# Story folders of tests/hostile/media, with their symbolic links made
# here: every conversion is refused with one line naming the figure and
# the file, exit 1, and nothing is written: no output, no NAME_files/, no
# media/, and no byte of the files the links point at.

hostile_src=$source_dir/tests/hostile/media
mkdir -p hostile/home/.ssh hostile/out
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\n' >hostile/home/.ssh/id_rsa

# hostile_case FOLDER STORY LINK TARGET WORD...
hostile_case ()
{
  folder=$1 story=$2 link=$3 target=$4
  shift 4
  dir=hostile/home/stories/$folder
  mkdir -p "$dir"
  cp -R "$hostile_src/$folder/." "$dir/"
  if [ -n "$link" ]; then
    mkdir -p "$(dirname "$dir/$link")"
    ln -s "$target" "$dir/$link"
  fi
  for output in "$folder.article" "$folder.html" "$folder.nitf"; do
    run "$dir/$story" "hostile/out/$output"
    check "$folder to ${output##*.}: refused" expect_failure 1 "$@"
  done
}

hostile_case symlinked-folder article.json media /etc \
  "cannot be opened: the lead photo:" "media/passwd" "is reached through a symbolic link"
hostile_case symlinked-proc article.json media /proc/self \
  "the lead photo:" "media/environ" "is reached through a symbolic link"
hostile_case symlinked-relative article.json media ../../.ssh \
  "the lead photo:" "media/id_rsa" "is reached through a symbolic link"
hostile_case symlinked-file article.json media/photo.png /etc/passwd \
  "figure “photo2”:" "media/photo.png" "is reached through a symbolic link"
hostile_case svg-as-png article.json "" "" \
  "the lead photo: “media/photo.png” is not a PNG, JPEG, GIF or WebP image"
hostile_case php-as-png article.json "" "" \
  "the lead photo: “media/photo.png” is not a PNG, JPEG, GIF or WebP image"
hostile_case html-figure article.json "" "" \
  "the lead photo: “media/x.html” is not a PNG, JPEG, GIF or WebP image"
hostile_case htaccess-figure article.json "" "" \
  "lead.src: image source 'media/.htaccess' names a hidden file"
hostile_case huge-png article.json "" "" \
  "the lead photo: “media/huge.png” is 30000 × 30000 pixels, more than the 100 megapixels"
hostile_case nitf-symlinked story.xml photos /etc \
  "story.xml: the picture “photos/passwd”" "is reached through a symbolic link"
hostile_case nitf-svg story.xml "" "" \
  "story.xml: “photos/photo.png” is not a PNG, JPEG, GIF or WebP image"

nothing_written ()
{
  left=$(find hostile/out -mindepth 1 | head -5)
  if [ -n "$left" ]; then
    echo "refused conversions left files behind:"
    echo "$left"
    return 1
  fi
}
check "refused conversions write nothing" nothing_written

# Two stories whose photos share a name, exported into one folder that
# already holds a photo of that name: nothing is overwritten.
mkdir -p shared/media
printf 'the photo of the desk\n' >shared/media/harbour.png
run "$sample_dir/article.json" shared/first.nitf
check "first story to a shared folder: exit 0" expect_rc 0
run one.article shared/first.json
check "second export to a shared folder: exit 0" expect_rc 0
check "the photo already in media/ is left alone" contains shared/media/harbour.png "the photo of the desk"
check "the export wrote its own name beside it" same_bytes "$sample_png" "shared/media/$pub"

run --help
check "--help: exit 0" expect_rc 0
check "--help shows the arguments" contains out "INPUT OUTPUT"
check "--help lists the formats" contains out "html-fragment"
check "--help lists the self-contained page" contains out "html-single"
check "--help documents --base-url" contains out "--base-url"
check "--help documents --external-stylesheet" contains out "--external-stylesheet"
check "--help lists NITF" contains out "nitf"
check "--help lists ninjs" contains out "ninjs"

run --version
check "--version: exit 0" expect_rc 0
check "--version names the program" contains out "copydesk-convert"

# The reader agrees with data/article.schema.json: every document the
# schema refuses is refused, naming the member tests/schema/refusals.txt
# gives, and nothing is written; every document it accepts converts.
schema_dir=$source_dir/tests/schema
n_bad=0
for file in "$schema_dir"/bad/*.json; do
  name=$(basename "$file")
  n_bad=$((n_bad + 1))
  named=$(awk -v f="$name" '$1 == f { sub(/^[^[:space:]]+[[:space:]]+/, ""); print }' \
            "$schema_dir/refusals.txt")
  rm -f refused.article
  run "$file" refused.article
  if [ -z "$named" ]; then
    tap_result 1 "schema/bad/$name is listed in tests/schema/refusals.txt"
    continue
  fi
  case $named in
    -) words=("$file: ") ;;
    *:) words=("$file: " ": $named ") ;;
    *) words=("$file: " "$named") ;;
  esac
  check "schema/bad/$name: refused naming '$named'" expect_failure 1 "${words[@]}"
  check "schema/bad/$name: nothing written" test ! -e refused.article
done
check "tests/schema/bad holds the schema's refusals" test "$n_bad" -ge 27

for file in "$schema_dir"/good/*.json; do
  name=$(basename "$file")
  rm -f accepted.article
  run "$file" accepted.article
  check "schema/good/$name converts" expect_rc 0
done

# --- pre-flight -----------------------------------------------------------

# A story with something for most checks: the lines on stderr name the
# story and the field or block, the output is still written, and
# --strict refuses it instead.
cat >desk.json <<'JSON'
{
  "format": "copydesk.article", "version": 1,
  "slug": "mayor-story",
  "headline": "Mayor TK resigns",
  "bylines": [],
  "embargo": "2999-01-01T08:00:00Z",
  "body": [
    { "type": "paragraph", "id": "p1", "text": "See the page.",
      "marks": [ { "type": "link", "start": 0, "end": 3, "href": "http://example.org/page" } ] },
    { "type": "paragraph", "id": "p2", "text": "See the page." },
    { "type": "paragraph", "id": "p3", "text": "" },
    { "type": "figure", "id": "f1", "src": "https://example.org/a.jpg", "alt": "", "credit": "AP" }
  ]
}
JSON
rm -f desk.html
run desk.json desk.html
check "pre-flight: items do not fail a plain conversion" expect_rc 0
check "... and the page is written" test -s desk.html
check "... one line per item, each naming the story" \
  test "$(grep -c '^copydesk-convert: desk.json: ' err)" -eq "$(wc -l <err)"
check "... a TK placeholder in the headline" stderr_has ": headline: error: " "TK"
check "... no byline" stderr_has ": bylines: warning: "
check "... no dateline although the house style wants one" stderr_has ": dateline: warning: "
check "... the embargo in the future" stderr_has ": embargo: error: " "2999-01-01 08:00 UTC"
check "... the http: link, at its block" stderr_has ": body p1 text: warning: " "http://example.org/page"
check "... the repeated paragraph" stderr_has ": body p2 text: warning: " "p1"
check "... the empty block" stderr_has ": body p3 text: warning: "
check "... the photo without alt text" stderr_has ": body f1 alt: error: "

rm -f strict.html
run --strict desk.json strict.html
check "--strict: exit 1 on pre-flight items" expect_rc 1
check "--strict: nothing written" test ! -e strict.html
check "--strict: the items are listed" stderr_has ": headline: error: " ": body f1 alt: error: "
check "--strict: the last line says why nothing was written" \
  sh -c 'tail -n 1 err | grep -qF -- "--strict"'

# The same story made clean passes --strict.
cat >clean.json <<'JSON'
{
  "format": "copydesk.article", "version": 1,
  "headline": "Mayor resigns",
  "bylines": [ { "name": "Jane Roe" } ],
  "dateline": { "place": "BERLIN" },
  "body": [ { "type": "paragraph", "id": "p1", "text": "The mayor resigned." } ]
}
JSON
run --strict clean.json clean.article
check "--strict: a clean story converts" expect_rc 0
check "--strict: a clean story prints nothing" test ! -s err

# The limits are the house style's: a stylesheet with a tighter headline
# limit makes the same headline too long.
printf ':root { --cd-limit-headline: 5; }\n' >tight.css
run --stylesheet=tight.css clean.json tight.html
check "pre-flight: the headline limit comes from the stylesheet" stderr_has ": headline: warning: " "5"
check "... which asks for no dateline" lacks err ": dateline:"

# --- spelling -------------------------------------------------------------

# Misspellings are pre-flight warnings, checked with the Debian
# dictionaries the dev script installs, in the story's language. The desk
# dictionary is the one under XDG_DATA_HOME.
export XDG_DATA_HOME="$tmp/data"
cat >spelling.json <<'JSON'
{
  "format": "copydesk.article", "version": 1, "language": "en",
  "headline": "Mayor will recieve Kellum",
  "bylines": [ { "name": "Jane Roe" } ],
  "dateline": { "place": "BERLIN" },
  "dictionary": ["Kellum"],
  "lead": { "type": "figure", "id": "lead", "src": "https://example.org/a.jpg",
            "alt": "A boat", "credit": "Jane Roe", "caption": "The boat at dawwn" },
  "body": [
    { "type": "paragraph", "id": "p1", "text": "Read https://exampel.org/pagee and teh plan by Kellum." },
    { "type": "embed", "id": "e1", "provider": "link", "url": "https://exampel.org/postt", "kind": "post",
      "title": "A title", "text": "A fine post" }
  ]
}
JSON
rm -f spelling.html
run spelling.json spelling.html
check "spelling: misspellings do not fail a plain conversion" expect_rc 0
check "... the headline's word, named with its field" \
  stderr_has ": headline: warning: " "“recieve”"
check "... the caption's, with its block" stderr_has ": lead lead caption: warning: " "“dawwn”"
check "... the paragraph's, with its block" stderr_has ": body p1 text: warning: " "“teh”"
check "... a story-dictionary word is never reported" lacks err "Kellum"
check "... nor an address" lacks err "exampel"
check "... three in all" test "$(grep -c 'misspelt' err)" -eq 3
check "... and the page keeps the text as written" grep -qF "recieve" spelling.html

rm -f spelling-strict.html
run --strict spelling.json spelling-strict.html
check "spelling --strict: exit 1" expect_rc 1
check "... nothing written" test ! -e spelling-strict.html
check "... each word listed with its place" \
  stderr_has ": headline: warning: " ": lead lead caption: warning: " ": body p1 text: warning: "

# A word in the desk dictionary is known to every story.
mkdir -p "$XDG_DATA_HOME/copydesk"
printf 'teh\ndawwn\nrecieve\n' >"$XDG_DATA_HOME/copydesk/dictionary.txt"
run --strict spelling.json spelling-desk.html
check "spelling: desk dictionary words pass --strict" expect_rc 0
rm -f "$XDG_DATA_HOME/copydesk/dictionary.txt"

# The dictionary's answers are kept between runs: a second run says the
# same, the desk dictionary still wins over a kept "misspelt", and a
# damaged cache is passed over.
export XDG_CACHE_HOME="$tmp/cache"
verdicts="$XDG_CACHE_HOME/copydesk/spelling/en.verdicts"
run spelling.json kept-1.html
cp err kept-1.err
check "spelling: the answers are kept in the user's cache" test -s "$verdicts"
check "... a story-dictionary word is not among them as misspelt" lacks "$verdicts" "-Kellum"
run spelling.json kept-2.html
check "... a second run with them says the same" cmp -s err kept-1.err
check "... each whole text's misspellings are kept too" grep -q '^=' "$verdicts"
sed 's/teh plan/teh plann/' spelling.json >spelling-edited.json
run spelling-edited.json kept-edited.html
check "... a paragraph changed since is checked again" \
  stderr_has ": body p1 text: warning: Text in block p1: “teh”" ": body p1 text: warning: Text in block p1: “plann”"
check "... the texts kept say what they said" \
  stderr_has ": headline: warning: " "“recieve”" ": lead lead caption: warning: " "“dawwn”"
check "... four in all" test "$(grep -c 'misspelt' err)" -eq 4
mkdir -p "$XDG_DATA_HOME/copydesk"
printf 'teh\n' >"$XDG_DATA_HOME/copydesk/dictionary.txt"
run spelling.json kept-3.html
check "... a desk word is known though the kept answer says misspelt" \
  test "$(grep -c 'misspelt' err)" -eq 2
rm -f "$XDG_DATA_HOME/copydesk/dictionary.txt"
printf 'copydesk-spelling-verdicts 1\nnot the key\n+teh\n' >"$verdicts"
run spelling.json kept-4.html
check "... a cache with another key is passed over" cmp -s err kept-1.err
check "... and written anew" grep -q '^-teh$' "$verdicts"

# A German story is checked in German.
cat >german.json <<'JSON'
{
  "format": "copydesk.article", "version": 1, "language": "de-DE",
  "headline": "Der Bürgermiester tritt zurück",
  "bylines": [ { "name": "Peter Roth" } ],
  "dateline": { "place": "BERLIN" },
  "body": [ { "type": "paragraph", "id": "p1", "text": "Die Zeitung meldet heute, dass die Straße gesperrt ist." } ]
}
JSON
run --strict german.json german.html
check "spelling: a German story in German" expect_rc 1
check "... its misspelling named" stderr_has ": headline: warning: " "“Bürgermiester”"
check "... its correct German words are not" test "$(grep -c 'misspelt' err)" -eq 1

# A language without a dictionary is said once, and does not fail --strict.
sed 's/"de-DE"/"qaa"/' german.json >nodict.json
run --strict nodict.json nodict.html
check "spelling: no dictionary for the language passes --strict" expect_rc 0
check "... and says so once" test "$(grep -c 'no spelling dictionary for “qaa”' err)" -eq 1

# --- a long story ---------------------------------------------------------

# The sample's body again and again, each copy with ids of its own: over
# 1 MiB of article.json, which the converter reads, checks and spells on
# threads with heaps set up for a long story. It converts as the same
# body repeated a few times does.
make_long ()
{
  python3 - "$sample_dir/article.json" "$1" "$2" <<'PY'
import copy, json, sys
story = json.load(open(sys.argv[1]))
body = story["body"]
story["body"] = []
for n in range(int(sys.argv[2])):
    for block in body:
        block = copy.deepcopy(block)
        block["id"] = "%s-c%d" % (block["id"], n)
        story["body"].append(block)
json.dump(story, open(sys.argv[3], "w"), ensure_ascii=False, indent=2)
PY
}
mkdir -p long && cp -r "$sample_dir/media" long/ || bail_out "cannot copy the sample's media"
make_long 2 long/two.json && make_long 3 long/three.json && make_long 200 long/long.json ||
  bail_out "cannot write the long stories"
check "the long story is over 1 MiB" test "$(wc -c <long/long.json)" -gt 1048576
run long/two.json long-two.html
lines_two=$(wc -l <err)
run long/three.json long-three.html
lines_three=$(wc -l <err)
run long/long.json long.html
check "a long story converts" expect_rc 0
check "... every block of it is on the page" \
  test "$(grep -o 'data-block-id="[^"]*-c[0-9]*"' long.html | sort -u | wc -l)" -eq \
       "$(( 200 * $(grep -o 'data-block-id="[^"]*-c0"' long-two.html | wc -l) ))"
# The copies after the first are repeated blocks: each is said so.
check "... the last copy as the second" \
  test "$(grep -c -- '-c199 ' err)" -eq "$(grep -c -- '-c1 ' err)" -a "$(grep -c -- '-c1 ' err)" -gt 0
check "... with as many pre-flight lines as its copies make" \
  test "$(wc -l <err)" -eq "$(( lines_two + 198 * (lines_three - lines_two) ))"
run long/long.json long/long.article
check "... to a container" expect_rc 0
run long/long.article long-back.json
check "... and back" expect_rc 0
run long/long.json long-canonical.json
check "... reads back as it was written" same_bytes long-canonical.json long-back.json

tap_finish
