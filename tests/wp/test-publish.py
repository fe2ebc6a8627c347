#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""copydesk-publish against a real WordPress (see wpfixture.py).

Publishes the sample story, reads it back through the REST API and
WordPress's own parse_blocks(), publishes again (the same post, the same
media), detects a post edited on the site, and checks each error a user
can meet. Output is TAP.
"""

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wpfixture  # noqa: E402

SOURCE = os.environ.get("COPYDESK_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
PUBLISH = os.environ.get("COPYDESK_PUBLISH", "copydesk-publish")
CONVERT = os.environ.get("COPYDESK_CONVERT", "copydesk-convert")
SAMPLE = os.path.join(SOURCE, "data", "samples", "sample")

EXPECTED_BLOCKS = [
    "core/paragraph",   # byline
    "core/paragraph", "core/paragraph", "core/paragraph",
    "core/embed", "core/paragraph", "core/embed", "core/quote", "core/heading",
    "core/paragraph", "core/list", "core/image", "core/paragraph", "core/pullquote",
    "core/embed", "core/separator", "core/paragraph", "core/paragraph",
]

results = []


def check(description, condition, detail=""):
    results.append((bool(condition), description, detail))
    status = "ok" if condition else "not ok"
    print("%s %d - %s" % (status, len(results), description))
    if not condition and detail:
        for line in str(detail).splitlines():
            print("# " + line)
    sys.stdout.flush()
    return condition


def publish(story, site, user, password_file, *extra):
    started = time.monotonic()
    result = subprocess.run([PUBLISH, "--site=" + site, "--user=" + user,
                             "--password-file=" + password_file] + list(extra) + [story],
                            capture_output=True, text=True, timeout=300)
    return result, time.monotonic() - started


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def story_record(path):
    """The publish record inside a story (bare JSON or .article)."""
    if path.endswith(".article"):
        out = subprocess.run([CONVERT, "--to=json", path, "-"], capture_output=True, text=True, check=True).stdout
        data = json.loads(out)
    else:
        with open(path) as f:
            data = json.load(f)
    return data.get("published_to", [])


def parse_blocks(wp, content):
    """Top-level block names and inner block names, by WordPress itself."""
    path = os.path.join(wp.tmp, "content.html")
    with open(path, "w") as f:
        f.write(content)
    out = wp.php("""
function copydesk_names($blocks) {
  $names = array();
  foreach ($blocks as $block) {
    if ($block['blockName'] === null) {
      // Whitespace between blocks is fine; anything else is classic content.
      if (trim($block['innerHTML']) !== '') $names[] = array('core/freeform', array());
      continue;
    }
    $names[] = array($block['blockName'], copydesk_names($block['innerBlocks']));
  }
  return $names;
}
echo json_encode(copydesk_names(parse_blocks(file_get_contents(%r))));
""" % path)
    return json.loads(out)


class SilentServer:
    """Accepts connections and never answers: the time-out case."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.conns:
            conn.close()


class TlsServer:
    """An https server with a self-signed certificate, which answers
    anything with 200 and notes any Authorization header it gets."""

    def __init__(self, tmp):
        import http.server
        import ssl
        cert = os.path.join(tmp, "tls-cert.pem")
        key = os.path.join(tmp, "tls-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
                       check=True, capture_output=True)
        authorizations = self.authorizations = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.headers.get("Authorization"):
                    authorizations.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"namespaces": ["wp/v2"]}')

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def main():
    if not os.path.isdir(wpfixture.WORDPRESS) or not wpfixture.find_program("mariadbd", "/usr/sbin"):
        print("1..0 # SKIP WordPress or MariaDB is not installed (build-aux/dev installs them)")
        return 0

    wp = wpfixture.WordPress()
    silent = None
    try:
        wp.start()
        editor_password = wp.add_user("desk", "editor")
        wp.add_user("admin-app", "administrator")
        subscriber_password = wp.add_user("reader", "subscriber")

        work = os.path.join(wp.tmp, "work")
        os.makedirs(work)

        def password_file(name, text):
            path = os.path.join(work, name)
            with open(path, "w") as f:
                f.write(text + "\n")
            return path

        desk_pw = password_file("desk.pw", editor_password)
        reader_pw = password_file("reader.pw", subscriber_password)
        wrong_pw = password_file("wrong.pw", "abcd efgh ijkl mnop qrst uvwx")

        story_dir = os.path.join(work, "sample")
        shutil.copytree(SAMPLE, story_dir)
        story = os.path.join(work, "sample.article")
        subprocess.run([CONVERT, "--to=article", os.path.join(story_dir, "article.json"), story], check=True)
        with open(os.path.join(story_dir, "article.json")) as f:
            sample = json.load(f)

        # First publish.
        result, seconds = publish(story, wp.url, "desk", desk_pw)
        print("# publish of the sample story on loopback: %.2f s" % seconds)
        check("publishing the sample story succeeds", result.returncode == 0, result.stderr)
        link = result.stdout.strip()
        check("it prints the post's link", link.startswith(wp.url + "/"), result.stdout)

        records = story_record(story)
        check("the story remembers the site and the post",
              len(records) == 1 and records[0]["site"] == wp.url and records[0]["post_id"] > 0
              and records[0]["link"] == link and records[0].get("modified"), records)
        post_id = records[0]["post_id"]
        ajv = os.path.join(SOURCE, "build-aux", "node", "node_modules", ".bin", "ajv")
        if os.access(ajv, os.X_OK):
            written = os.path.join(work, "published.json")
            with open(written, "w") as f:
                f.write(subprocess.run([CONVERT, "--to=json", story, "-"], capture_output=True, text=True,
                                       check=True).stdout)
            result = subprocess.run([ajv, "validate", "--spec=draft2020", "-c", "ajv-formats",
                                     "-s", os.path.join(SOURCE, "data", "article.schema.json"), "-d", written],
                                    capture_output=True, text=True)
            check("the published story is valid against the JSON Schema", result.returncode == 0,
                  result.stdout + result.stderr)
        post = wp.rest("/wp/v2/posts/%d" % post_id, user="admin-app", params="?context=edit")

        check("title is the headline", post["title"]["raw"] == sample["headline"], post["title"])
        check("excerpt is the dek", post["excerpt"]["raw"] == sample["subheadline"], post["excerpt"])
        check("status is draft", post["status"] == "draft", post["status"])
        check("slug is the story's", post["slug"] == sample["slug"], post["slug"])

        categories = [wp.rest("/wp/v2/categories/%d" % c, user="admin-app")["name"] for c in post["categories"]]
        check("category is the section", categories == [sample["section"]], categories)
        tags = sorted(wp.rest("/wp/v2/tags/%d" % t, user="admin-app")["name"] for t in post["tags"])
        check("tags are the keywords", tags == sorted(sample["keywords"]), tags)

        featured = wp.rest("/wp/v2/media/%d" % post["featured_media"], user="admin-app", params="?context=edit")
        check("the lead photo is the featured image with its alt text",
              featured["alt_text"] == sample["lead"]["alt"], featured.get("alt_text"))
        check("the featured image's caption has caption and credit",
              featured["caption"]["raw"] == sample["lead"]["caption"] + " " + sample["lead"]["credit"],
              featured["caption"])

        content = post["content"]["raw"]
        media_ids = sorted(set(int(i) for i in re.findall(r'class="wp-image-(\d+)"', content)))
        figures = [b for b in sample["body"] if b["type"] == "figure"]
        library = wp.rest("/wp/v2/media", user="admin-app", params="?per_page=100&context=edit")
        library_ids = sorted(m["id"] for m in library)
        check("every figure is an image block pointing into the media library",
              len(re.findall(r"<!-- wp:image ", content)) == len(figures)
              and media_ids and all(i in library_ids for i in media_ids), (media_ids, library_ids))
        image_urls = re.findall(r'<img src="([^"]+)"', content)
        check("image blocks show the library's copies",
              image_urls and all(u == m["source_url"] for u in image_urls for m in library if m["id"] == media_ids[0]),
              image_urls)
        with open(os.path.join(SAMPLE, "media", "harbour.png"), "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        check("the same picture used twice is uploaded once", len(library) == 1 and
              records[0]["media"] == [{"sha256": sha, "id": library[0]["id"]}], (library_ids, records[0]["media"]))
        check("desk notes are not sent", "press office" not in content and "press office" not in json.dumps(post))

        blocks = parse_blocks(wp, content)
        names = [b[0] for b in blocks]
        check("parse_blocks() finds the expected blocks, no classic content",
              names == EXPECTED_BLOCKS, "\n".join(names))
        inner = {b[0]: [i[0] for i in b[1]] for b in blocks if b[1]}
        check("a quote holds a paragraph and a list its items",
              inner.get("core/quote") == ["core/paragraph"] and inner.get("core/list") == ["core/list-item"] * 3,
              inner)
        validated = wp.validate_blocks(content)
        invalid = [v for v in validated if not v[1]]
        check("the block editor's own validator finds every block valid",
              len(validated) == len(EXPECTED_BLOCKS) + 4 and not invalid, invalid or validated)
        control = wp.validate_blocks(
            '<!-- wp:embed {"url":"https://x.com/a/status/1","type":"rich","providerNameSlug":"twitter"} -->\n'
            '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://x.com/a/status/1\n'
            '</div></figure>\n<!-- /wp:embed -->')
        check("... and it does find an invalid block (control)", control and control[0][1] is False, control)
        rendered = wp.rest("/wp/v2/posts/%d" % post_id, user="admin-app")["content"]["rendered"]
        check("WordPress renders the byline, dateline and pull quote",
              'class="byline"' in rendered and 'class="dateline"' in rendered and "wp-block-pullquote" in rendered)

        # Publishing again updates the same post and re-uses the picture.
        result, seconds = publish(story, wp.url, "desk", desk_pw, "--status=pending")
        print("# update of the sample story on loopback: %.2f s" % seconds)
        check("publishing again succeeds", result.returncode == 0, result.stderr)
        desk_id = wp.rest("/wp/v2/users/me", user="desk")["id"]
        posts = wp.rest("/wp/v2/posts", user="admin-app",
                        params="?status=draft,pending,publish,future&context=edit&author=%d" % desk_id)
        check("it updated the same post", [p["id"] for p in posts] == [post_id]
              and posts[0]["status"] == "pending", [(p["id"], p["status"]) for p in posts])
        library = wp.rest("/wp/v2/media", user="admin-app", params="?per_page=100")
        check("it re-used the picture already uploaded", len(library) == 1, [m["id"] for m in library])
        record = story_record(story)[0]
        check("the story's record follows the post",
              record["post_id"] == post_id and record["modified"] == posts[0]["modified_gmt"], record)

        # Conflict: the post is edited on the site.
        wp.php("""
global $wpdb;
$wpdb->update($wpdb->posts, array('post_title' => 'Edited on the site',
  'post_modified' => '2001-02-03 04:05:06', 'post_modified_gmt' => '2001-02-03 04:05:06'),
  array('ID' => %d));
clean_post_cache(%d);
""" % (post_id, post_id))
        before = read_bytes(story)
        result, _ = publish(story, wp.url, "desk", desk_pw)
        lines = result.stderr.strip().splitlines()
        check("a post changed on the site is not overwritten",
              result.returncode == 1 and len(lines) == 1 and "sample.article" in lines[0]
              and "changed there" in lines[0] and "--force" in lines[0], result.stderr)
        edited = wp.rest("/wp/v2/posts/%d" % post_id, user="admin-app", params="?context=edit")
        check("the site's edit and the story are left alone",
              edited["title"]["raw"] == "Edited on the site" and read_bytes(story) == before)
        result, _ = publish(story, wp.url, "desk", desk_pw, "--force")
        restored = wp.rest("/wp/v2/posts/%d" % post_id, user="admin-app", params="?context=edit")
        check("--force overwrites it", result.returncode == 0 and restored["title"]["raw"] == sample["headline"],
              result.stderr)

        # Scheduled.
        scheduled = os.path.join(work, "scheduled.article")
        subprocess.run([CONVERT, "--to=article", os.path.join(story_dir, "article.json"), scheduled], check=True)
        result, _ = publish(scheduled, wp.url, "desk", desk_pw, "--status=future", "--date=2031-06-01T18:00:00+02:00",
                            "--slug=night-ferry-scheduled", "--verbose")
        check("progress is reported per picture", result.stderr == "Sending harbour.png (1 of 1)\n", result.stderr)
        record = story_record(scheduled)
        future = wp.rest("/wp/v2/posts/%d" % record[0]["post_id"], user="admin-app", params="?context=edit") \
            if record else {}
        check("a scheduled post gets status future at the given time",
              result.returncode == 0 and future.get("status") == "future"
              and future.get("date_gmt") == "2031-06-01T16:00:00" and future.get("slug") == "night-ferry-scheduled",
              (result.stderr, future.get("status"), future.get("date_gmt")))

        # Errors: one line naming the story, nothing changed in it.
        def fails(description, site, user, pw, expected, *extra, target=story):
            before = read_bytes(target)
            result, _ = publish(target, site, user, pw, *extra)
            lines = result.stderr.strip().splitlines()
            check(description,
                  result.returncode == 1 and len(lines) == 1 and os.path.basename(target) in lines[0]
                  and expected in lines[0] and read_bytes(target) == before
                  and editor_password not in result.stderr,
                  "exit %d: %s" % (result.returncode, result.stderr))

        # Pre-flight: the same checks as copydesk-convert's, one line each on
        # stderr; --strict sends nothing to the site when there are any.
        def variant(name, **fields):
            data = dict(sample, **fields)
            data.pop("published_to", None)
            source = os.path.join(story_dir, name + ".json")
            with open(source, "w") as f:
                json.dump(data, f)
            target = os.path.join(work, name + ".article")
            # copydesk-convert lists the same items; only publish's matter here.
            subprocess.run([CONVERT, "--to=article", source, target], check=True, capture_output=True)
            return target

        def posts_with_slug(slug):
            return wp.rest("/wp/v2/posts", user="admin-app",
                           params="?slug=%s&status=draft,pending,publish,future&context=edit" % slug)

        def media_count():
            return len(wp.rest("/wp/v2/media", user="admin-app", params="?per_page=100"))

        placeholder = variant("placeholder", headline="Night ferry TK to Gull Island", slug="night-ferry-tk")
        # The story as given on the command line, as copydesk-convert names it.
        named = "copydesk-publish: %s: " % placeholder
        before = read_bytes(placeholder)
        media_before = media_count()
        result, _ = publish(placeholder, wp.url, "desk", desk_pw, "--strict")
        lines = result.stderr.strip().splitlines()
        check("--strict: a story with a pre-flight item is refused (exit 1)", result.returncode == 1,
              "exit %d: %s" % (result.returncode, result.stderr))
        check("... the item is named on stderr: the story, the field, the placeholder",
              any(line.startswith(named + "headline: error: ") and "TK" in line for line in lines),
              result.stderr)
        check("... the last line names the story and says nothing was published",
              lines and lines[-1].startswith(named) and "nothing published" in lines[-1] and "--strict" in lines[-1], result.stderr)
        check("... nothing is printed on stdout", result.stdout == "", result.stdout)
        check("... no post was created and no picture uploaded",
              posts_with_slug("night-ferry-tk") == [] and media_count() == media_before)
        check("... and the story is unchanged", read_bytes(placeholder) == before)

        result, _ = publish(placeholder, wp.url, "desk", desk_pw)
        lines = result.stderr.strip().splitlines()
        created = posts_with_slug("night-ferry-tk")
        check("without --strict the items are warnings: the story is published",
              result.returncode == 0 and result.stdout.startswith(wp.url + "/") and len(created) == 1
              and created[0]["title"]["raw"] == "Night ferry TK to Gull Island",
              (result.returncode, result.stdout, result.stderr))
        check("... and the item is printed on stderr, one line each naming the story",
              lines and all(line.startswith(named) for line in lines)
              and any(line.startswith(named + "headline: error: ") for line in lines), result.stderr)

        # An embargo holds back a post that goes live now, not one scheduled
        # for when the embargo ends.
        embargoed = variant("embargoed", embargo="2031-06-01T18:00:00+02:00", slug="night-ferry-embargoed")
        result, _ = publish(embargoed, wp.url, "desk", desk_pw, "--strict", "--status=publish")
        check("--strict: an embargo in the future refuses publishing now",
              result.returncode == 1 and ": embargo: error: " in result.stderr
              and "2031-06-01 16:00 UTC" in result.stderr and posts_with_slug("night-ferry-embargoed") == [],
              result.stderr)
        result, _ = publish(embargoed, wp.url, "desk", desk_pw, "--strict", "--status=future",
                            "--date=2031-06-01T12:00:00Z")
        check("--strict: a post scheduled before the embargo ends is refused",
              result.returncode == 1 and ": embargo: error: " in result.stderr
              and posts_with_slug("night-ferry-embargoed") == [], result.stderr)
        result, _ = publish(embargoed, wp.url, "desk", desk_pw, "--strict", "--status=future")
        scheduled_posts = posts_with_slug("night-ferry-embargoed")
        check("--strict: a post scheduled at the embargo goes out without a word",
              result.returncode == 0 and result.stderr == "" and len(scheduled_posts) == 1
              and scheduled_posts[0]["status"] == "future"
              and scheduled_posts[0]["date_gmt"] == "2031-06-01T16:00:00",
              (result.returncode, result.stderr, scheduled_posts))

        # The limits are the house style's: a tighter stylesheet makes the
        # sample's headline too long.
        tight = os.path.join(work, "tight.css")
        with open(tight, "w") as f:
            f.write(":root { --cd-limit-headline: 10; }\n")
        tight_story = variant("tight", slug="night-ferry-tight")
        result, _ = publish(tight_story, wp.url, "desk", desk_pw, "--strict", "--stylesheet=" + tight)
        check("--stylesheet: the headline limit comes from the house style given",
              result.returncode == 1
              and "copydesk-publish: %s: headline: warning: " % tight_story in result.stderr
              and posts_with_slug("night-ferry-tight") == [], result.stderr)
        fails("--stylesheet: a stylesheet that cannot be read", wp.url, "desk", desk_pw, "missing.css",
              "--stylesheet=" + os.path.join(work, "missing.css"), target=tight_story)

        fails("401: a wrong application password", wp.url, "desk", wrong_pw, "did not accept the user name “desk”")
        fails("403: a subscriber may not publish", wp.url, "reader", reader_pw,
              "The user “reader” has no permission to")

        # A PHP server that is not WordPress.
        plain = os.path.join(wp.tmp, "plain")
        os.makedirs(plain)
        with open(os.path.join(plain, "router.php"), "w") as f:
            f.write("<?php http_response_code(404); echo '<h1>Not here</h1>';\n")
        plain_port = wpfixture.free_port()
        wp.procs.append(subprocess.Popen(["php", "-S", "127.0.0.1:%d" % plain_port, "-t", plain,
                                          os.path.join(plain, "router.php")],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         start_new_session=True))
        wpfixture.wait_for(lambda: subprocess.run(["php", "-r", "exit(@fsockopen('127.0.0.1', %d) ? 0 : 1);"
                                                   % plain_port]).returncode == 0, "the plain server")
        fails("404: a site that is not WordPress", "http://127.0.0.1:%d" % plain_port, "desk", desk_pw,
              "does not answer as WordPress")

        # The same WordPress with a tiny upload limit, and a story whose
        # picture it does not have yet.
        fresh = os.path.join(work, "fresh.article")
        subprocess.run([CONVERT, "--to=article", os.path.join(story_dir, "article.json"), fresh], check=True)
        small_port = wpfixture.free_port()
        wp.serve(port=small_port, ini=("upload_max_filesize=2K", "post_max_size=2K", "display_errors=0"))
        fails("413: a picture over the site's upload limit", "http://127.0.0.1:%d" % small_port, "desk", desk_pw,
              "refused “harbour.png” as larger than its upload limit", target=fresh)
        file_port = wpfixture.free_port()
        wp.serve(port=file_port, ini=("upload_max_filesize=2K", "display_errors=0"))
        fails("413: a picture over PHP's upload_max_filesize alone", "http://127.0.0.1:%d" % file_port, "desk",
              desk_pw, "refused “harbour.png” as larger than its upload limit", target=fresh)

        fails("a site that cannot be reached", "http://127.0.0.1:%d" % wpfixture.free_port(), "desk", desk_pw,
              "cannot be reached")
        silent = SilentServer()
        started = time.monotonic()
        fails("a site that never answers times out", "http://127.0.0.1:%d" % silent.port, "desk", desk_pw,
              "did not answer within 2 seconds", "--timeout=2")
        check("the time-out stops the wait", time.monotonic() - started < 60)
        fails("plain http to another computer is refused", "http://news.example", "desk", desk_pw,
              "is not secure")

        # A site whose certificate is not valid (self-signed): nothing is sent.
        tls = TlsServer(wp.tmp)
        try:
            fails("a certificate that is not valid is an error", "https://127.0.0.1:%d" % tls.port, "desk",
                  desk_pw, "security certificate of https://127.0.0.1:%d is not valid" % tls.port)
            check("... and the password never went to that site", not tls.authorizations, tls.authorizations)
        finally:
            tls.close()

        # The markup copydesk-convert writes for pasting parses the same way.
        pasted = subprocess.run([CONVERT, "--to=wp-blocks", os.path.join(story_dir, "article.json"), "-"],
                                capture_output=True, text=True, check=True).stdout
        names = [b[0] for b in parse_blocks(wp, pasted)]
        check("copydesk-convert --to=wp-blocks parses into blocks (lead first)",
              names == EXPECTED_BLOCKS[:1] + ["core/image"] + EXPECTED_BLOCKS[1:], "\n".join(names))
        invalid = [v for v in wp.validate_blocks(pasted) if not v[1]]
        check("... which the block editor opens without invalid blocks", not invalid, invalid)
    except Exception:
        check("the test ran to its end", False, traceback.format_exc())
    finally:
        if silent is not None:
            silent.close()
        wp.stop()

    print("1..%d" % len(results))
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
