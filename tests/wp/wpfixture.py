# SPDX-License-Identifier: GPL-3.0-or-later
"""A real WordPress for the publishing tests, private to one test run.

A MariaDB server with its own data folder and socket in a temporary folder
(never the system's), WordPress from Debian's package installed into a
fresh database through its own wp_install(), served by `php -S` on
127.0.0.1. Everything it starts is stopped by stop(), which the tests call
from a finally clause and an atexit hook.
"""

import atexit
import base64
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

WORDPRESS = "/usr/share/wordpress"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_program(name, *extra_dirs):
    for d in os.environ.get("PATH", "").split(os.pathsep) + list(extra_dirs):
        path = os.path.join(d, name)
        if os.access(path, os.X_OK):
            return path
    return None


def wait_for(predicate, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise RuntimeError("timed out waiting for " + what)


ROUTER = r"""<?php
// php -S router: files that exist are served as they are, everything
// else goes to WordPress, as Apache's rewrite rules would send it.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && is_file(__DIR__ . $path) && substr($path, -4) !== '.php') {
    return false;
}
if ($path !== '/' && is_file(__DIR__ . $path)) {
    $_SERVER['SCRIPT_NAME'] = $path;
    require __DIR__ . $path;
    return;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
require __DIR__ . '/index.php';
"""

CONFIG = r"""<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:%(socket)s');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('AUTH_KEY', 'test'); define('SECURE_AUTH_KEY', 'test');
define('LOGGED_IN_KEY', 'test'); define('NONCE_KEY', 'test');
define('AUTH_SALT', 'test'); define('SECURE_AUTH_SALT', 'test');
define('LOGGED_IN_SALT', 'test'); define('NONCE_SALT', 'test');
// Application passwords work over plain HTTP only on a "local" site.
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_CONTENT_DIR', '%(content)s');
define('WP_HOME', '%(url)s');
define('WP_SITEURL', '%(url)s');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
"""

# The page the block editor's validator runs in: WordPress prints the
# scripts of wp-blocks and wp-block-library with their dependencies.
VALIDATE_PAGE = r"""<?php
require __DIR__ . '/wp-load.php';
?><!DOCTYPE html>
<html><head><meta charset="utf-8">
<?php wp_print_scripts(array('wp-blocks', 'wp-block-library', 'wp-block-editor')); ?>
</head><body><pre id="out">pending</pre>
<script>
(function () {
  var out = document.getElementById('out');
  try {
    wp.blockLibrary.registerCoreBlocks();
    var content = <?php echo wp_json_encode(file_get_contents(__DIR__ . '/copydesk-content.html')); ?>;
    var found = [];
    (function walk(blocks) {
      blocks.forEach(function (block) {
        found.push([block.name, block.isValid,
                    (block.validationIssues || []).map(function (issue) {
                      return String(issue.args ? issue.args.join(' ') : issue);
                    })]);
        walk(block.innerBlocks || []);
      });
    })(wp.blocks.parse(content));
    out.textContent = 'COPYDESK-RESULT:' + JSON.stringify(found) + ':END';
  } catch (e) {
    out.textContent = 'COPYDESK-RESULT:ERROR ' + e + ' ' + (e.stack || '') + ':END';
  }
})();
</script></body></html>
"""


class WordPress:
    def __init__(self, workdir=None):
        self.tmp = tempfile.mkdtemp(prefix="copydesk-wp-", dir=workdir)
        self.procs = []
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.docroot = os.path.join(self.tmp, "site")
        self.socket = os.path.join(self.tmp, "mysqld.sock")
        self.users = {}
        atexit.register(self.stop)

    # MariaDB

    def start_database(self):
        datadir = os.path.join(self.tmp, "db")
        as_root = ["--user=root"] if os.geteuid() == 0 else []
        install = find_program("mariadb-install-db", "/usr/bin", "/usr/sbin")
        server = find_program("mariadbd", "/usr/sbin", "/usr/bin")
        client = find_program("mariadb", "/usr/bin")
        if not (install and server and client):
            raise RuntimeError("MariaDB is not installed (build-aux/dev installs mariadb-server)")
        subprocess.run([install, "--no-defaults", "--datadir=" + datadir,
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db"] + as_root,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log = open(os.path.join(self.tmp, "mariadbd.log"), "w")
        self.procs.append(subprocess.Popen(
            [server, "--no-defaults", "--datadir=" + datadir,
             "--socket=" + self.socket, "--skip-networking",
             "--pid-file=" + os.path.join(self.tmp, "mariadbd.pid"),
             "--innodb-buffer-pool-size=16M", "--skip-log-bin"] + as_root,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        wait_for(lambda: os.path.exists(self.socket), "MariaDB's socket")
        wait_for(lambda: subprocess.run([client, "--no-defaults", "--socket=" + self.socket,
                                         "-uroot", "-e", "SELECT 1"],
                                        stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL).returncode == 0,
                 "MariaDB to answer")
        subprocess.run([client, "--no-defaults", "--socket=" + self.socket, "-uroot",
                        "-e", "CREATE DATABASE wordpress CHARACTER SET utf8mb4"], check=True)

    # WordPress

    def make_docroot(self):
        """Debian's WordPress reads its settings from /etc/wordpress; this
        site gets its own wp-config.php beside copies of the top-level
        scripts (PHP resolves symbolic links in __FILE__, so wp-load.php
        must really be here to find it), and its own wp-content."""
        os.makedirs(self.docroot)
        for name in os.listdir(WORDPRESS):
            source = os.path.join(WORDPRESS, name)
            target = os.path.join(self.docroot, name)
            if name in ("wp-config.php", "wp-content"):
                continue
            if os.path.isdir(source):
                os.symlink(source, target)
            else:
                shutil.copy(source, target)
        content = os.path.join(self.docroot, "wp-content")
        os.makedirs(os.path.join(content, "uploads"))
        os.makedirs(os.path.join(content, "plugins"))
        os.symlink(os.path.join(WORDPRESS, "wp-content", "themes"), os.path.join(content, "themes"))
        with open(os.path.join(self.docroot, "wp-config.php"), "w") as f:
            f.write(CONFIG % {"socket": self.socket, "content": content, "url": self.url})
        with open(os.path.join(self.tmp, "router.php"), "w") as f:
            f.write(ROUTER.replace("__DIR__", repr(self.docroot)))

    def php(self, code, check=True):
        """Runs PHP with WordPress loaded; returns what it prints."""
        script = os.path.join(self.tmp, "snippet.php")
        with open(script, "w") as f:
            f.write("<?php\n$_SERVER['HTTP_HOST'] = '127.0.0.1:%d';\n" % self.port)
            f.write("require %r;\n" % os.path.join(self.docroot, "wp-load.php"))
            f.write(code)
        result = subprocess.run(["php", script], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError("php failed: " + result.stdout + result.stderr)
        return result.stdout

    def install(self):
        script = os.path.join(self.tmp, "install.php")
        with open(script, "w") as f:
            f.write("<?php\ndefine('WP_INSTALLING', true);\n")
            f.write("$_SERVER['HTTP_HOST'] = '127.0.0.1:%d';\n" % self.port)
            f.write("require %r;\n" % os.path.join(self.docroot, "wp-load.php"))
            f.write("require_once ABSPATH . 'wp-admin/includes/upgrade.php';\n")
            f.write("$r = wp_install('Porthaven Test', 'admin', 'admin@example.com', false, '', 'admin-password');\n")
            f.write("update_option('permalink_structure', '/%postname%/');\n")
            f.write("echo 'installed';\n")
        result = subprocess.run(["php", script], capture_output=True, text=True)
        if "installed" not in result.stdout:
            raise RuntimeError("wp_install failed: " + result.stdout + result.stderr)

    def add_user(self, login, role):
        """A user with an application password; returns the password."""
        out = self.php("""
$id = wp_insert_user(array('user_login' => %(login)r, 'user_pass' => wp_generate_password(),
                           'user_email' => %(login)r . '@example.com', 'role' => %(role)r));
if (is_wp_error($id)) { echo 'ERROR ' . $id->get_error_message(); exit(1); }
list($password, $item) = WP_Application_Passwords::create_new_application_password($id, array('name' => 'copydesk'));
echo $password;
""".replace("%(login)r", "'" + login + "'").replace("%(role)r", "'" + role + "'"))
        self.users[login] = out.strip()
        return self.users[login]

    def serve(self, port=None, ini=()):
        """php -S for this site; returns the Popen. @ini: extra -d settings."""
        port = port or self.port
        log = open(os.path.join(self.tmp, "php-%d.log" % port), "w")
        args = ["php"]
        for setting in ini:
            args += ["-d", setting]
        args += ["-S", "127.0.0.1:%d" % port, "-t", self.docroot, os.path.join(self.tmp, "router.php")]
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                env=dict(os.environ, PHP_CLI_SERVER_WORKERS="2"))
        self.procs.append(proc)

        def answers():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return True
            except OSError:
                return False
        wait_for(answers, "php -S on port %d" % port)
        return proc

    def start(self):
        self.start_database()
        self.make_docroot()
        self.install()
        self.serve()
        return self

    def stop(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        self.procs = []
        if os.path.isdir(self.tmp) and not os.environ.get("COPYDESK_KEEP_WP"):
            shutil.rmtree(self.tmp, ignore_errors=True)

    # The block editor's own validator

    def validate_blocks(self, content):
        """Runs the block editor's parser and validator (WordPress's own
        wp-blocks and wp-block-library scripts, loaded by its script
        loader) on @content in headless Chromium; returns a list of
        [name, isValid, issues] for every block, inner blocks included."""
        chromium = find_program("chromium") or find_program("chromium-browser")
        if chromium is None:
            raise RuntimeError("chromium is not installed (build-aux/dev installs it)")
        with open(os.path.join(self.docroot, "copydesk-content.html"), "w") as f:
            f.write(content)
        with open(os.path.join(self.docroot, "copydesk-validate.php"), "w") as f:
            f.write(VALIDATE_PAGE)
        profile = tempfile.mkdtemp(dir=self.tmp)
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--password-store=basic", "--user-data-dir=" + profile,
             "--virtual-time-budget=20000",
             "--dump-dom", self.url + "/copydesk-validate.php"],
            capture_output=True, text=True, timeout=300)
        found = re.search(r"COPYDESK-RESULT:(.*?):END", result.stdout, re.S)
        if found is None:
            raise RuntimeError("the validator page gave no result: " + result.stdout[-2000:] + result.stderr[-2000:])
        text = html.unescape(found.group(1))
        if text.startswith("ERROR"):
            raise RuntimeError("the validator page failed: " + text)
        return json.loads(text)

    # REST, to read back what was published

    def rest(self, route, user="admin-app", params=""):
        url = self.url + "/wp-json" + route + params
        request = urllib.request.Request(url)
        if user in self.users:
            token = base64.b64encode(("%s:%s" % (user, self.users[user])).encode()).decode()
            request.add_header("Authorization", "Basic " + token)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
