"""A partner's page that embeds a Maillage widget, served from another loopback origin than
the portal (a tiny http.server thread): what tests/browser/test_widget.py frames the widget
in, and a demo to try by hand:

    .venv/bin/python manage.py runserver 127.0.0.1:8000      # with the demo data loaded
    .venv/bin/python -m tests.browser.widget_host              # http://localhost:8080

The demo widget (demo/widgets.py) lists http://localhost:8080 among its sites: the page shows
it there; from any other origin the browser refuses the frame (frame-ancestors)."""

from __future__ import annotations

import argparse
import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mairie de démonstration</title></head>
<body style="margin:0;font-family:sans-serif">
<header style="padding:1rem;background:#eee">
<p><a href="#aide">Mairie de démonstration</a></p></header>
<main style="padding:1rem">
<h1 id="aide">Trouver de l'aide près de chez vous</h1>
<iframe src="{src}" title="{title}" data-maillage-widget width="100%" height="300"
 style="border:0;width:100%"></iframe>
<script src="{script}" defer></script>
</main>
</body>
</html>
"""


def host_page(widget_url: str, script_url: str, title: str = "Qui appeler ?") -> str:
    return PAGE.format(src=escape(widget_url), script=escape(script_url), title=escape(title))


class HostSite:
    """One page at "/", from its own port (its own origin), until `close()`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, html: str = "") -> None:
        self.html = html
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = site.html.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.origin = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal", default="http://127.0.0.1:8000")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--widget", default="6d0c7a52-93a0-4e0b-9c47-0d1f5b2a9348")
    args = parser.parse_args()
    page = host_page(f"{args.portal}/widget/{args.widget}/", f"{args.portal}/static/js/widget.js")
    site = HostSite("127.0.0.1", args.port, page)
    print(f"Page hôte : http://localhost:{args.port}/ (Ctrl+C pour arrêter)")
    try:
        site.thread.join()
    except KeyboardInterrupt:
        site.close()


if __name__ == "__main__":
    main()
