"""One-screen summary of a running demo; exits 1 with the reason while it is not healthy yet."""
import json
import sys
import time
import urllib.error
import urllib.request

api, site, user, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
token = None


def login():
    req = urllib.request.Request(api + "/api/v1/auth/login", data=json.dumps({"user": user, "password": password}).encode(),
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())["token"]


def get(path):
    req = urllib.request.Request(api + path, headers={"authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


def post(path, body):
    req = urllib.request.Request(api + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"authorization": "Bearer " + token, "content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


def switch(lamp, command):
    """Commands the lamp as the README shows; returns (final state, ms) once the command ended, or fails."""
    started = time.time()
    c = post("/api/v1/devices/%s/commands" % lamp, {"command": command, "timeout": 30, "reason": "demo check"})
    while c["state"] not in ("succeeded", "failed", "timed_out", "expired") and time.time() - started < 30:
        time.sleep(0.2)
        c = get("/api/v1/commands/" + c["id"])
    return c["state"], int((time.time() - started) * 1000)


def fail(reason):
    print("not yet: " + reason)
    sys.exit(1)


try:
    token = login()
    overview = get("/api/v1/overview")
    sites = {s["id"]: s for s in get("/api/v1/sites")}
except Exception as e:  # the hub may still be starting
    fail("hub API not answering: %s" % e)

s = sites.get(site)
if s is None:
    fail("hub does not know site %s" % site)
if not s["online"]:
    fail("site %s is not online at the hub" % site)
if not s.get("health"):
    fail("no heartbeat from the agent yet")
age_ms = int(time.time() * 1000) - s["lastSeen"]
if age_ms > 10000:
    fail("last message from the site is %d ms old: data is not flowing" % age_ms)
cams = overview["cameras"]
if cams["online"] < 9:
    fail("%d of the 9 simulated cameras (4 RTSP, 4 GB/T 28181 channels, 1 ONVIF) online at the hub" % cams["online"])
gb = get("/api/v1/cameras?protocol=gb28181")["items"]
if len([c for c in gb if c["online"]]) < 4:
    fail("%d of the NVR's 4 GB/T 28181 channels online at the hub" % len([c for c in gb if c["online"]]))
onvif = get("/api/v1/cameras?protocol=onvif")["items"]
if not any(c["online"] and c["ptz"] for c in onvif):
    fail("the ONVIF PTZ camera is not online at the hub yet")
gb_jpeg, gb_ms, last = None, 0, None
for attempt in range(3):  # invited on demand: the first call opens the stream
    try:
        started = time.time()
        req = urllib.request.Request(api + "/api/v1/cameras/" + gb[0]["id"] + "/snapshot", data=b"", method="POST",
                                     headers={"authorization": "Bearer " + token})
        with urllib.request.urlopen(req, timeout=5) as r:
            gb_jpeg = r.read()
        gb_ms = int((time.time() - started) * 1000)
        break
    except Exception as e:
        last = e
if gb_jpeg is None or gb_jpeg[:2] != b"\xff\xd8":
    fail("snapshot on call of GB/T 28181 channel %s failed: %s" % (gb[0]["id"], last))
try:  # a snapshot on call: the hub asks the agent, which answers with a fresh JPEG
    started = time.time()
    req = urllib.request.Request(api + "/api/v1/cameras/cam001/snapshot", data=b"", method="POST",
                                 headers={"authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=5) as r:
        jpeg = r.read()
    snapshot_ms = int((time.time() - started) * 1000)
except Exception as e:
    fail("snapshot on call of cam001 failed: %s" % e)
if jpeg[:2] != b"\xff\xd8":
    fail("snapshot on call of cam001 is not a JPEG")
devices = overview["devices"]
if devices["online"] < 30:
    fail("%d of the simulated devices online at the hub" % devices["online"])
passes = get("/api/v1/checkpoints/passes?limit=1000")
if not passes:
    fail("no checkpoint pass at the hub yet")
allowed = sum(1 for p in passes if p["pass"]["decision"] == "allow")
items = get("/api/v1/workitems?kind=inspection&limit=50")
items = items.get("items", items) if isinstance(items, dict) else items
if not items:
    fail("no inspection event at the hub yet (the parking scene on cam001 needs its minute of dwell)")
lamp = "streetlight-0001"  # the device rig's lamp, as in the README
try:
    off, off_ms = switch(lamp, "turn_off")
    if off != "succeeded":
        fail("%s did not switch off: %s" % (lamp, off))
    deadline = time.time() + 10
    while ((get("/api/v1/devices/" + lamp)["device"].get("telemetry") or {}).get("values") or {}).get("on") is not False:
        if time.time() > deadline:
            fail("%s switched off but still reports on" % lamp)
        time.sleep(0.2)
    on, on_ms = switch(lamp, "turn_on")
except urllib.error.HTTPError as e:
    fail("commanding %s: HTTP %d %s" % (lamp, e.code, e.read()[:300]))
h = s["health"]
print("gmeye demo summary")
print("  hub            %s" % api)
print("  site           %s (%s): online, last message %d ms ago" % (site, s["name"], age_ms))
print("  agent          up %d s, outbox depth %d, evicted %s, cpu %.0f%%" % (
    h["uptimeMs"] // 1000, h["outbox"]["depth"], h["outbox"]["evicted"] or 0, 100 * h["cpuLoad"]))
print("  sites          %d/%d online" % (overview["sites"]["online"], overview["sites"]["total"]))
print("  cameras        %d/%d online (%.1f%%)" % (overview["cameras"]["online"], overview["cameras"]["total"],
                                                  100 * overview["cameraOnlineRate"]))
print("  snapshot       cam001 on call: %d bytes of JPEG in %d ms" % (len(jpeg), snapshot_ms))
print("  GB/T 28181     %d channels of NVR %s online; channel %s invited on demand: %d bytes of JPEG in %d ms" % (
    len([c for c in gb if c["online"]]), gb[0]["parent"], gb[0]["id"], len(gb_jpeg), gb_ms))
print("  ONVIF          %s online, PTZ" % onvif[0]["id"])
print("  devices        %d/%d online" % (overview["devices"]["online"], overview["devices"]["total"]))
print("  checkpoints    %d/%d online; %d passes at the hub (%d allowed, %d denied)" % (
    overview["checkpoints"]["online"], overview["checkpoints"]["total"], len(passes), allowed, len(passes) - allowed))
print("  inspection     %d event(s); latest: %s on %s" % (len(items), items[0].get("sceneType", items[0].get("type", "?")),
                                                          items[0].get("camera", "?")))
print("  commands       %s turn_off %s in %d ms (then reported on=false), turn_on %s in %d ms" % (lamp, off, off_ms, on, on_ms))
