"""A minimal headless-Chromium driver for the browser test of the built book.

Three pieces, standard library plus `websocket-client`:

* `SiteServer`  serves a folder over HTTP on 127.0.0.1 (loopback only) from a background thread;
* `Chromium`    starts Debian's chromium headless with a fresh profile and talks to it over the
                Chrome DevTools Protocol (CDP) through one websocket (flat sessions, one per tab);
* `Chromium.check_page(url)` opens a URL in a new tab, records every network request, console
                error and exception the page produces, waits (bounded) for MathJax, images and
                fonts, runs `PAGE_PROBE_JS` in the page and returns a `PageReport`.

The test decides what counts as a failure; this module only observes.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import websocket  # websocket-client


def find_chromium() -> str | None:
    """The chromium executable: $CONVNETS_CHROMIUM if set, else `chromium` (Debian) on PATH."""
    explicit = os.environ.get("CONVNETS_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


# --------------------------------------------------------------------------------------------
# Local HTTP server
# --------------------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler without the per-request log lines on stderr."""

    def log_message(self, format, *args):
        pass


class SiteServer:
    """Serve `root` at http://127.0.0.1:<free port>/ from a daemon thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="site-server", daemon=True)
        self._thread.start()

    def url(self, relpath: str) -> str:
        return f"{self.origin}/{relpath.lstrip('/')}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


# --------------------------------------------------------------------------------------------
# What a page produced
# --------------------------------------------------------------------------------------------


@dataclass
class PageReport:
    url: str
    seconds: float = 0.0
    navigation_error: str | None = None
    load_event: bool = False
    # Every URL the page asked for (CDP Network.requestWillBeSent, Network.webSocketCreated) and
    # every URL in the page's own Resource Timing list (catches out-of-process iframes too).
    requests: list[str] = field(default_factory=list)
    # Requests that failed, as (URL, why): why is "HTTP 404" or "net::ERR_...".
    failed_requests: list[tuple[str, str]] = field(default_factory=list)
    # console.error/console.assert, uncaught exceptions, browser log entries at level "error".
    console_errors: list[str] = field(default_factory=list)
    # The result of PAGE_PROBE_JS (see there), or None if it could not run.
    probe: dict | None = None
    probe_error: str | None = None
    # check_page(fonts_for=selector): the fonts Chromium used for the text of the first element
    # matching the selector, as {family name: glyph count} (CSS.getPlatformFontsForNode).
    platform_fonts: dict[str, int] = field(default_factory=dict)


# Runs inside the page (Runtime.evaluate, awaitPromise). Waits, within `budgetMs`, for MathJax's
# initial typesetting, for every <img> and for the web fonts, then reports what it found. The last
# step removes code blocks and MathJax's output from the (throw-away) page and returns the
# visible text that is left, in which no TeX source should remain.
PAGE_PROBE_JS = r"""
(async (budgetMs) => {
  const t0 = performance.now();
  const left = () => Math.max(0, budgetMs - (performance.now() - t0));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  // true: resolved; false: timed out; a string: rejected.
  const settle = (p, ms) => Promise.race([
    Promise.resolve(p).then(() => true, (e) => 'rejected: ' + e),
    sleep(ms).then(() => false)]);
  const out = {};

  // --- Math: Sphinx writes math as .math elements (span inline, div display) holding \(..\) / \[..\].
  const mathEls = [...document.querySelectorAll('.math')];
  out.mathElements = mathEls.length;
  out.mathjaxConfigured = !!window.MathJax;
  out.mathjax = 'not needed';
  if (mathEls.length || window.MathJax) {
    const started = () => window.MathJax && MathJax.startup && MathJax.startup.promise;
    // This runs after the load event, so the deferred MathJax script has run if it loaded at
    // all: give it a short grace period, not the whole budget.
    const graceEnd = performance.now() + Math.min(3000, left());
    while (!started() && performance.now() < graceEnd) await sleep(25);
    if (!started()) {
      out.mathjax = 'MathJax never started: no MathJax.startup.promise (is _static/mathjax/tex-chtml.js served?)';
    } else {
      const r = await settle(MathJax.startup.promise, left());
      out.mathjax = r === true ? 'ok' : (r === false ? 'timed out waiting for MathJax.startup.promise' : r);
    }
  }
  out.mjxContainers = document.querySelectorAll('mjx-container').length;
  out.untypeset = mathEls.filter((el) => !el.querySelector('mjx-container'))
                         .map((el) => el.textContent.trim().slice(0, 120));
  // TeX that MathJax could not parse is typeset as a red error box (mjx-merror).
  out.mathErrors = [...document.querySelectorAll('mjx-merror')]
      .map((el) => el.getAttribute('data-mjx-error') || el.textContent.trim().slice(0, 120));
  // An undefined macro is typeset as its own name in red (MathJax's noundefined package); the
  // hidden assistive MathML still holds it as text.
  out.undefinedMacros = [...document.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]')]
      .map((el) => el.textContent).filter((t) => t.startsWith('\\'));

  // --- Images: make lazy ones load now, then wait for all of them.
  const imgs = [...document.images];
  for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
  await settle(Promise.all(imgs.map((img) => img.complete ? null : new Promise((r) => {
    img.addEventListener('load', r, {once: true});
    img.addEventListener('error', r, {once: true});
  }))), left());
  out.images = imgs.length;
  out.brokenImages = imgs.filter((img) => !(img.complete && img.naturalWidth > 0))
                         .map((img) => img.currentSrc || img.getAttribute('src') || '(no src)');

  // --- Fonts (MathJax's CHTML fonts are @font-face woff files under _static/mathjax/).
  out.fontsReady = await settle(document.fonts.ready, left());
  const faces = [...document.fonts];
  out.fontErrors = faces.filter((f) => f.status === 'error').map((f) => f.family);
  out.mathjaxFontsLoaded = faces.filter((f) => f.family.startsWith('MJX') && f.status === 'loaded')
                                .map((f) => f.family);

  // --- Every resource the page fetched, as the page itself saw it.
  out.resources = performance.getEntriesByType('resource').map((e) => e.name);

  // --- The page's language (<html lang>).
  out.lang = document.documentElement.lang;

  // --- Visible text without code and without typeset math: raw TeX left here was never typeset.
  for (const el of document.querySelectorAll(
      'pre, code, kbd, samp, script, style, textarea, mjx-container')) el.remove();
  out.text = document.body ? document.body.innerText : '';
  out.elapsedMs = Math.round(performance.now() - t0);
  return out;
})
"""


# --------------------------------------------------------------------------------------------
# Chromium over CDP
# --------------------------------------------------------------------------------------------


class CDPError(RuntimeError):
    pass


class Chromium:
    """One headless chromium with a fresh profile, driven over one CDP websocket."""

    FLAGS = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-dev-shm-usage",  # small /dev/shm in containers
        "--window-size=1280,900",
        "--remote-debugging-port=0",
        # Belt and braces: nothing the page asks for may leave the machine, so make it fail fast
        # instead of hanging on DNS or a connection (the request is still seen and reported).
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",  # loopback is never proxied
    ]

    def __init__(self, executable: str, start_timeout: float = 30.0):
        self._profile = tempfile.mkdtemp(prefix="convnets-chromium-")
        self._log = open(Path(self._profile).parent / (Path(self._profile).name + ".log"), "wb")
        self._proc = subprocess.Popen(
            [executable, *self.FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so close() can clean up after it
        )
        self._ws = None
        self._next_id = 0
        self._events: list[dict] = []  # events not yet consumed, in arrival order
        try:
            self._ws = websocket.create_connection(
                self._devtools_url(start_timeout), timeout=10, suppress_origin=True
            )
        except BaseException:
            self.close()
            raise

    def _devtools_url(self, timeout: float) -> str:
        """Chromium writes "<port>\\n/devtools/browser/<id>" to DevToolsActivePort once listening."""
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise CDPError(f"chromium exited with status {self._proc.returncode}:\n{self.log_tail()}")
            try:
                port, path = port_file.read_text().split("\n")[:2]
                if port and path:
                    return f"ws://127.0.0.1:{port.strip()}{path.strip()}"
            except (FileNotFoundError, ValueError):
                pass
            time.sleep(0.05)
        raise CDPError(f"chromium did not open its DevTools port within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, n: int = 4000) -> str:
        self._log.flush()
        try:
            return (Path(self._log.name).read_bytes()[-n:]).decode(errors="replace")
        except OSError:
            return ""

    # --- the protocol ------------------------------------------------------------------------

    def _recv(self, timeout: float) -> dict | None:
        """One message from the websocket, or None after `timeout` seconds of silence."""
        self._ws.settimeout(max(timeout, 0.001))
        try:
            return json.loads(self._ws.recv())
        except websocket.WebSocketTimeoutException:
            return None

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 10.0) -> dict:
        """Send a command and return its result; events arriving meanwhile are queued."""
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self._ws.send(json.dumps(msg))
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            reply = self._recv(left) if left > 0 else None
            if reply is None:
                raise CDPError(f"no reply to {method} within {timeout:.1f} s")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply and "sessionId" in reply:  # an event of one of our tabs
                self._events.append(reply)

    def pump(self, seconds: float) -> None:
        """Read events for up to `seconds` (returns early when none arrive for 50 ms)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            msg = self._recv(min(left, 0.05))
            if msg is None:
                return
            if "method" in msg and "sessionId" in msg:
                self._events.append(msg)

    def take_events(self, session: str) -> list[dict]:
        """Remove and return the queued events of one session."""
        mine = [e for e in self._events if e.get("sessionId") == session]
        self._events = [e for e in self._events if e.get("sessionId") != session]
        return mine

    # --- one page ----------------------------------------------------------------------------

    def check_page(self, url: str, budget: float = 15.0, fonts_for: str | None = None) -> PageReport:
        """Open `url` in a new tab and observe it for at most about `budget` seconds; with
        `fonts_for` (a CSS selector), also report the fonts that rendered that element's text."""
        t0 = time.monotonic()
        deadline = t0 + budget
        left = lambda: max(0.1, deadline - time.monotonic())  # noqa: E731
        report = PageReport(url=url)

        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        rec = _Recorder(report)
        try:
            for domain in ("Page", "Runtime", "Log", "Network", *(("DOM", "CSS") if fonts_for else ())):
                self.send(f"{domain}.enable", session=session)
            # Every request must reach the network layer (and so be seen), never a shared cache.
            self.send("Network.setCacheDisabled", {"cacheDisabled": True}, session=session)
            self.take_events(session)  # drop about:blank's events

            nav = self.send("Page.navigate", {"url": url}, session=session, timeout=left())
            report.navigation_error = nav.get("errorText") or None
            # Wait for the load event (scripts, styles and images of the HTML itself are in).
            while not rec.loaded and time.monotonic() < deadline:
                self.pump(min(0.2, left()))
                rec.feed(self.take_events(session))
            report.load_event = rec.loaded

            # MathJax, images, fonts and the text, measured in the page within the time left.
            probe_budget_ms = int(max(0.5, left() - 1.0) * 1000)
            try:
                res = self.send(
                    "Runtime.evaluate",
                    {"expression": f"({PAGE_PROBE_JS})({probe_budget_ms})",
                     "awaitPromise": True, "returnByValue": True},
                    session=session, timeout=left() + 1.0,
                )
                if "exceptionDetails" in res:
                    report.probe_error = _exception_text(res["exceptionDetails"])
                else:
                    report.probe = res["result"].get("value")
            except CDPError as exc:
                report.probe_error = str(exc)

            if fonts_for:   # laid out and its fonts loaded now
                report.platform_fonts = self._platform_fonts(session, fonts_for)

            # Let requests started late (fonts, lazy images) finish: wait for a quiet network.
            quiet_since = time.monotonic()
            while time.monotonic() < deadline:
                rec.feed(self.take_events(session))
                if rec.inflight:
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since > 0.3:
                    break
                self.pump(0.05)
            rec.feed(self.take_events(session))
        finally:
            try:
                self.send("Target.closeTarget", {"targetId": target}, timeout=5)
            except CDPError:
                pass
            self.take_events(session)

        if report.probe:
            for name in report.probe.get("resources", []):
                if name not in report.requests:
                    report.requests.append(name)
        report.seconds = time.monotonic() - t0
        return report

    def _platform_fonts(self, session: str, selector: str) -> dict[str, int]:
        root = self.send("DOM.getDocument", {"depth": -1}, session=session)["root"]["nodeId"]
        node = self.send("DOM.querySelector", {"nodeId": root, "selector": selector}, session=session)["nodeId"]
        if not node:
            return {}
        fonts = self.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session=session)["fonts"]
        return {f["familyName"]: f["glyphCount"] for f in fonts}

    def close(self) -> None:
        """Close the browser politely, then make sure its process group is gone."""
        if self._ws is not None:
            try:
                self.send("Browser.close", timeout=5)
            except Exception:  # noqa: BLE001 - the browser may already be gone
                pass
            try:
                self._ws.close()
            except Exception:  # noqa: BLE001
                pass
            self._ws = None
        if self._proc.poll() is None:
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.terminate()
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait(timeout=5)
        # Stragglers (renderer, zygote) of the group this object started, by its id.
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)
        Path(self._log.name).unlink(missing_ok=True)


class _Recorder:
    """Turns one tab's CDP events into the lists of a PageReport."""

    def __init__(self, report: PageReport):
        self.report = report
        self.loaded = False
        self.inflight: set[str] = set()
        self._urls: dict[str, str] = {}  # requestId -> URL

    def feed(self, events: list[dict]) -> None:
        r = self.report
        for ev in events:
            method, p = ev["method"], ev.get("params", {})
            if method == "Page.loadEventFired":
                self.loaded = True
            elif method == "Network.requestWillBeSent":
                url = p["request"]["url"]
                self._urls[p["requestId"]] = url
                r.requests.append(url)
                if not url.startswith("data:"):
                    self.inflight.add(p["requestId"])
            elif method == "Network.webSocketCreated":
                r.requests.append(p["url"])
            elif method == "Network.responseReceived":
                status = p["response"].get("status", 0)
                if status >= 400:
                    r.failed_requests.append((p["response"]["url"], f"HTTP {status}"))
            elif method == "Network.loadingFinished":
                self.inflight.discard(p["requestId"])
            elif method == "Network.loadingFailed":
                self.inflight.discard(p["requestId"])
                if not p.get("canceled"):
                    url = self._urls.get(p["requestId"], "?")
                    r.failed_requests.append((url, p.get("errorText") or "failed"))
            elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                args = " ".join(_remote_object_text(a) for a in p.get("args", []))
                r.console_errors.append(f"console.{p['type']}: {args}")
            elif method == "Runtime.exceptionThrown":
                r.console_errors.append("uncaught exception: " + _exception_text(p["exceptionDetails"]))
            elif method == "Log.entryAdded" and p["entry"].get("level") == "error":
                e = p["entry"]
                where = f" ({e['url']})" if e.get("url") else ""
                r.console_errors.append(f"log [{e.get('source', '?')}]: {e.get('text', '')}{where}")


def _remote_object_text(obj: dict) -> str:
    if "value" in obj:
        return str(obj["value"])
    return obj.get("description") or obj.get("type", "?")


def _exception_text(details: dict) -> str:
    exc = details.get("exception") or {}
    text = exc.get("description") or details.get("text", "exception")
    where = details.get("url")
    if where:
        text += f" ({where}:{details.get('lineNumber', 0) + 1})"
    return text
