#!/usr/bin/python3
"""Simulated RTSP cameras: GStreamer's RTSP server serving H.264 clips on many mounts.

Run with Debian's python (/usr/bin/python3), which has the GObject bindings:
    /usr/bin/python3 rtsp_server.py CONFIG.json

CONFIG.json:
    {"address": "127.0.0.1", "port": 0,
     "auth": {"user": "admin", "password": "secret"},            # optional; "digest": true for Digest
     "mounts": [{"path": "/cam1", "file": "/x/vtest.h264", "fps": 10}]}

Clips are H.264 Annex B elementary streams with an access unit delimiter before every frame
(ffmpeg ... -bsf:v h264_metadata=aud=insert). Each mount plays its clip in an endless loop like
a live camera: frames are pushed in real time and stamped 1/fps apart, so timestamps keep rising
across loops. Every mount is served over RTP/TCP (interleaved) and RTP/UDP. With "auth", every
mount answers 401 unless the client sends that user and password (Basic; Digest only with "digest").

Commands on stdin, one per line, each answered on stdout with "OK ..." or "ERR reason":
    pause /cam1     stop sending frames on a mount (the session stays up: a stalled camera)
    resume /cam1    send frames again
    quit            stop serving and exit
Once serving, prints "READY port=N" on stdout. Closing stdin also stops it.
"""
import json
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("GstRtsp", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

AUD = b"\x00\x00\x00\x01\x09"
CLIPS = {}


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def clip(path):
    """The clip's access units, split at their delimiters; loaded once per file."""
    if path not in CLIPS:
        with open(path, "rb") as f:
            data = f.read()
        starts = []
        at = data.find(AUD)
        while at >= 0:
            starts.append(at)
            at = data.find(AUD, at + len(AUD))
        if not starts:
            raise SystemExit(f"{path}: no access unit delimiters; prepare it with -bsf:v h264_metadata=aud=insert")
        starts.append(len(data))
        CLIPS[path] = [data[starts[i]:starts[i + 1]] for i in range(len(starts) - 1)]
    return CLIPS[path]


class Mount:
    """One camera: frames of its clip pushed into the appsrc of each media built for it."""

    LAUNCH = (
        "( appsrc name=src is-live=true format=time "
        'caps="video/x-h264,stream-format=byte-stream,alignment=au" '
        "! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 config-interval=-1 )"
    )

    def __init__(self, spec):
        self.path = spec["path"]
        self.frames = clip(spec["file"])
        self.fps = int(spec.get("fps", 10))
        self.paused = False
        self.sources = []
        self.next_frame = 0

    def on_media(self, _factory, media):
        source = Source(media.get_element().get_by_name("src"), self.fps)
        self.sources.append(source)
        media.connect("unprepared", lambda _m: self.sources.remove(source) if source in self.sources else None)

    def push(self):
        if self.paused or not self.sources:
            return
        au = self.frames[self.next_frame % len(self.frames)]
        self.next_frame += 1
        for source in list(self.sources):
            source.push(au)


class Source:
    """An appsrc fed at a fixed frame rate: frames are stamped exactly 1/fps apart (so clients
    measure the true rate), re-anchored to the running time when they drift (after a pause)."""

    def __init__(self, appsrc, fps):
        self.appsrc = appsrc
        self.duration = Gst.SECOND // fps
        self.start = None
        self.count = 0

    def push(self, au):
        now = self.appsrc.get_current_running_time()
        if now == Gst.CLOCK_TIME_NONE:
            return  # not playing yet
        if self.start is None or abs(now - (self.start + self.count * self.duration)) > Gst.SECOND // 2:
            self.start = now - self.count * self.duration
        buf = Gst.Buffer.new_wrapped(au)
        buf.pts = self.start + self.count * self.duration
        buf.duration = self.duration
        self.count += 1
        self.appsrc.emit("push-buffer", buf)


class Pacer:
    """Pushes every mount of one frame rate from its own thread, catching up on late ticks. Not on
    the main loop: the server blocks it while a new client's media prepares, and a prepare waits
    for frames."""

    def __init__(self, fps, mounts):
        self.fps = fps
        self.mounts = mounts
        threading.Thread(target=self.run, name=f"pacer-{fps}", daemon=True).start()

    def run(self):
        start = time.monotonic()
        done = 0
        while True:
            due = int((time.monotonic() - start) * self.fps)
            # after a long stall (SIGSTOP) resume from now rather than bursting the backlog
            if due - done > self.fps:
                done = due - 1
            while done < due:
                done += 1
                for mount in self.mounts:
                    mount.push()
            time.sleep(max(0.001, (done + 1) / self.fps - (time.monotonic() - start)))


def build_server(config):
    server = GstRtspServer.RTSPServer()
    server.set_address(config.get("address", "127.0.0.1"))
    server.set_service(str(config.get("port", 0)))
    # clients are served from a pool of threads, so a hundred cameras connecting at once are not
    # answered one after another (each new media waits for its first keyframe)
    server.get_thread_pool().set_max_threads(int(config.get("threads", 32)))
    auth_conf = config.get("auth")
    if auth_conf:
        # Every mount then asks for the password: with a default (anonymous) token the server
        # would answer 404 instead of challenging, and clients only send credentials when challenged.
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "user")
        if auth_conf.get("digest"):
            # Digest alone, as many IP cameras ask: a client must answer the nonce, never send the password
            auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
            auth.add_digest(auth_conf["user"], auth_conf["password"], token)
        else:
            auth.add_basic(GstRtspServer.RTSPAuth.make_basic(auth_conf["user"], auth_conf["password"]), token)
        server.set_auth(auth)
    mounts = {}
    points = server.get_mount_points()
    for spec in config["mounts"]:
        mount = Mount(spec)
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(Mount.LAUNCH)
        factory.set_shared(True)
        factory.connect("media-configure", mount.on_media)
        if auth_conf:
            factory.add_role_from_structure(Gst.Structure.new_from_string(
                "user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))
        points.add_factory(mount.path, factory)
        mounts[mount.path] = mount
    return server, mounts


def command(line, mounts, loop):
    parts = line.split()
    if not parts:
        return
    verb = parts[0]
    if verb == "quit":
        say("OK quit")
        loop.quit()
        return
    if verb in ("pause", "resume") and len(parts) == 2:
        mount = mounts.get(parts[1])
        if mount is None:
            say(f"ERR no mount {parts[1]}")
            return
        mount.paused = verb == "pause"
        say(f"OK {verb} {parts[1]}")
        return
    say(f"ERR unknown command: {line}")


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: rtsp_server.py CONFIG.json\n")
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        config = json.load(f)
    Gst.init(None)
    loop = GLib.MainLoop()
    server, mounts = build_server(config)
    if server.attach(None) == 0:
        sys.stderr.write(f"cannot listen on {config.get('address', '127.0.0.1')}:{config.get('port', 0)}\n")
        sys.exit(3)
    by_fps = {}
    for mount in mounts.values():
        by_fps.setdefault(mount.fps, []).append(mount)
    pacers = [Pacer(fps, group) for fps, group in by_fps.items()]
    # Sessions of clients that vanished without TEARDOWN are dropped after their timeout.
    GLib.timeout_add_seconds(2, lambda: server.get_session_pool().cleanup() >= 0)

    def read_stdin():
        for line in sys.stdin:
            GLib.idle_add(lambda text=line.strip(): command(text, mounts, loop) and False)
        GLib.idle_add(loop.quit)  # stdin closed: whoever started us is gone

    threading.Thread(target=read_stdin, daemon=True).start()
    say(f"READY port={server.get_bound_port()} mounts={len(mounts)} pacers={len(pacers)}")
    loop.run()


if __name__ == "__main__":
    main()
