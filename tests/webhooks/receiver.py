#!/usr/bin/env python3
"""A shop's webhook receiver for the hub's tests: checks every delivery with the Standard Webhooks
reference library (the `standardwebhooks` package, an implementation independent of the hub's),
and behaves as the test tells it through a control file, re-read at each request:

    {"fail": N, "hang": N, "hang_secs": S}

the next N requests answered 500 (`fail`), or answered only after S seconds (`hang`, past the
hub's time-out). Every request is a JSON line in the log: {"id", "type", "data", "verified",
"answered", "error"}. Prints `listening on PORT` once it listens.
"""

import argparse
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook, WebhookVerificationError

lock = threading.Lock()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--secret-file", required=True)
    ap.add_argument("--control", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with lock:
                try:
                    with open(args.control) as f:
                        control = json.load(f)
                except (OSError, ValueError):
                    control = {}
                behave = "ok"
                if control.get("hang", 0) > 0:
                    control["hang"] -= 1
                    behave = "hang"
                elif control.get("fail", 0) > 0:
                    control["fail"] -= 1
                    behave = "fail"
                with open(args.control, "w") as f:
                    json.dump(control, f)
                with open(args.secret_file) as f:
                    secret = f.read().strip()
            entry = {"id": self.headers.get("webhook-id"), "verified": False}
            try:
                payload = Webhook(secret).verify(body, dict(self.headers.items()))
                entry.update(verified=True, type=payload.get("type"), data=payload.get("data"))
            except (WebhookVerificationError, ValueError) as e:
                entry["error"] = str(e)
            if not entry["verified"]:
                code = 400
            elif behave == "fail":
                code = 500
            else:
                code = 204
            if behave == "hang":
                time.sleep(control.get("hang_secs", 5))
            entry["answered"] = code
            entry["behaved"] = behave
            with lock, open(args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")
            self.send_response(code)
            self.send_header("content-length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
