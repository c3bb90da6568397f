"""One-shot for docker/compose.yaml: once Keycloak is up, points the ciam-demo realm's ciam-events
sink at the event-sink service with CIAM_DEMO_SINK_SECRET (admin REST, PUT replaces all sinks).
Standard library only."""
import json
import os
import sys
import time
import urllib.parse
import urllib.request

KC = os.environ.get("KC_URL", "http://keycloak:8080")
REALM = os.environ.get("CIAM_DEMO_REALM", "ciam-demo")
SECRET = os.environ.get("CIAM_DEMO_SINK_SECRET", "")
SINK_URL = os.environ.get("CIAM_DEMO_SINK_URL", "http://event-sink:8000/events")


def token():
    # The bootstrap admin's credentials come from the environment (compose passes Keycloak's own).
    form = urllib.parse.urlencode({"grant_type": "password", "client_id": "admin-cli",
                                   "username": os.environ["KC_ADMIN_USERNAME"],
                                   "password": os.environ["KC_ADMIN_PASSWORD"]}).encode()
    with urllib.request.urlopen(f"{KC}/realms/master/protocol/openid-connect/token", form, timeout=10) as r:
        return json.load(r)["access_token"]


def main():
    if not os.environ.get("KC_ADMIN_USERNAME") or not os.environ.get("KC_ADMIN_PASSWORD"):
        print("KC_ADMIN_USERNAME and KC_ADMIN_PASSWORD must be set", file=sys.stderr)
        return 1
    if not SECRET.startswith("whsec_"):
        print("CIAM_DEMO_SINK_SECRET is not set (export CIAM_DEMO_SINK_SECRET=whsec_$(openssl rand -base64 32)); "
              "no sink configured", file=sys.stderr)
        return 0
    sinks = [{"id": "demo-event-sink", "type": "webhook", "url": SINK_URL, "secrets": [SECRET],
              "attributes": ["firstName", "homeType"]}]
    for attempt in range(30):
        try:
            request = urllib.request.Request(f"{KC}/admin/realms/{REALM}/ciam-events/sinks", json.dumps(sinks).encode(),
                                             {"Authorization": "Bearer " + token(), "Content-Type": "application/json"},
                                             method="PUT")
            with urllib.request.urlopen(request, timeout=10) as r:
                print(f"sink configured for realm {REALM}: {r.read().decode()}")
                return 0
        except Exception as e:  # Keycloak still starting, realm not imported yet...
            print(f"waiting for Keycloak ({type(e).__name__}: {e})", file=sys.stderr)
            time.sleep(5)
    return 1


if __name__ == "__main__":
    sys.exit(main())
