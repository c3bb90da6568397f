"""Demo event sink for docker/compose.yaml: receives the ciam-demo realm's signed CloudEvents and
prints one JSON line per event (docker compose logs -f event-sink).

Verification follows Standard Webhooks, as any receiver should: the raw body, a timestamp no more
than 5 minutes off, HMAC-SHA256 of "id.timestamp.body" under the bytes after "whsec_", compared in
constant time with each "v1," signature of the header. Duplicates (same webhook-id) are reported,
not processed twice. Standard library only.
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ.get("CIAM_DEMO_SINK_SECRET", "")
SEEN = set()


def verify(secret, msg_id, timestamp, signatures, body, now):
    if not (secret.startswith("whsec_") and msg_id and timestamp and signatures and timestamp.isdigit()):
        return False
    if abs(now - int(timestamp)) > 300:
        return False
    key = base64.b64decode(secret[len("whsec_"):])
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest())
    return any(s.startswith("v1,") and hmac.compare_digest(expected, s[3:].encode()) for s in signatures.split(" "))


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(min(int(self.headers.get("Content-Length", "0")), 256 * 1024))
        msg_id = self.headers.get("webhook-id")
        if not verify(SECRET, msg_id, self.headers.get("webhook-timestamp"), self.headers.get("webhook-signature"),
                      body, int(time.time())):
            print(json.dumps({"refused": msg_id, "reason": "bad signature, old timestamp or no secret"}), flush=True)
            self.send_response(400)
            self.end_headers()
            return
        event = json.loads(body)
        print(json.dumps({"duplicate": msg_id in SEEN, "type": event.get("type"), "time": event.get("time"),
                          "subject": event.get("subject"), "data": event.get("data")}), flush=True)
        SEEN.add(msg_id)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if not SECRET.startswith("whsec_"):
        print("CIAM_DEMO_SINK_SECRET is not set: every delivery will be refused", file=sys.stderr, flush=True)
    port = int(os.environ.get("PORT", "8000"))
    print(f"event sink listening on :{port}", flush=True)
    ThreadingHTTPServer(("0.0.0.0", port), Hook).serve_forever()
