"""One-shot for docker/compose.yaml: once Keycloak is up, points the ciam-demo realm's ciam-events
sink at the event-sink service with CIAM_DEMO_SINK_SECRET (admin REST, PUT replaces all sinks; the sink
only receives people who granted `personalization`), and gives the demo shop and the account console
the client scope `ciam-consent` (only tokens with it may record consent decisions). Standard library only."""
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


def call(bearer, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{KC}/admin/realms/{REALM}{path}", data,
                                     {"Authorization": "Bearer " + bearer, "Content-Type": "application/json"},
                                     method=method)
    return urllib.request.urlopen(request, timeout=10)


def consent_scope(bearer, client_ids):
    with call(bearer, "GET", "/client-scopes") as r:
        ids = [s["id"] for s in json.load(r) if s["name"] == "ciam-consent"]
    if not ids:
        scope = {"name": "ciam-consent", "protocol": "openid-connect",
                 "description": "May record the person's consent decisions (CIAM Pack)",
                 "attributes": {"include.in.token.scope": "true", "display.on.consent.screen": "false"}}
        with call(bearer, "POST", "/client-scopes", scope) as r:
            ids = [r.headers["Location"].rsplit("/", 1)[1]]
    for client_id in client_ids:
        with call(bearer, "GET", "/clients?clientId=" + urllib.parse.quote(client_id)) as r:
            client = json.load(r)[0]["id"]
        call(bearer, "PUT", f"/clients/{client}/default-client-scopes/{ids[0]}").close()
    print(f"client scope ciam-consent given to {', '.join(client_ids)}")


def main():
    if not os.environ.get("KC_ADMIN_USERNAME") or not os.environ.get("KC_ADMIN_PASSWORD"):
        print("KC_ADMIN_USERNAME and KC_ADMIN_PASSWORD must be set", file=sys.stderr)
        return 1
    if not SECRET.startswith("whsec_"):
        print("CIAM_DEMO_SINK_SECRET is not set (export CIAM_DEMO_SINK_SECRET=whsec_$(openssl rand -base64 32)); "
              "no sink configured", file=sys.stderr)
        return 0
    sinks = [{"id": "demo-event-sink", "type": "webhook", "url": SINK_URL, "secrets": [SECRET],
              "attributes": ["firstName", "homeType"], "purposes": ["personalization"]}]
    for attempt in range(30):
        try:
            bearer = token()
            with call(bearer, "PUT", "/ciam-events/sinks", sinks) as r:
                print(f"sink configured for realm {REALM}: {r.read().decode()}")
            consent_scope(bearer, ["ciam-demo-app", "account-console"])
            return 0
        except Exception as e:  # Keycloak still starting, realm not imported yet...
            print(f"waiting for Keycloak ({type(e).__name__}: {e})", file=sys.stderr)
            time.sleep(5)
    return 1


if __name__ == "__main__":
    sys.exit(main())
