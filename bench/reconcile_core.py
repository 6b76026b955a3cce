#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# reconcile_core.py VMNETD VMNETCTL N ITER [USERS]: one row of
# bench/reconcile for network "iso" with N taps attached (of USERS users,
# default 1; see bench/reconcile); or
# reconcile_core.py VMNETD VMNETCTL storm ITER: the event storm;
# reconcile_core.py VMNETD VMNETCTL reopen|attach ITER: a user's storm
# (their attached tap opened and closed in a loop; vmnet-ifup and
# vmnet-ifdown in a loop), with vmnetd's CPU share and a flush during it.
# vmnetd's log lines (its standard error) are read as they come, each
# with the moment it arrived.
import os, pwd, queue, statistics, subprocess, sys, threading, time

vmnetd, vmnetctl, what, iters = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
NET = "iso"
# what vmnetd says when it sees a flush: the whole state gone, or, when
# the flush lands in the middle of a pass, the first missing object
GONE = ("nf_tables state is gone", " is missing")


class Daemon:
    def __init__(self):
        self.p = subprocess.Popen([vmnetd], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            self.q.put((time.monotonic(), line.rstrip("\n")))

    def wait_line(self, needle, timeout=60):
        end = time.monotonic() + timeout
        seen = []
        while True:
            try:
                t, line = self.q.get(timeout=max(0.001,
                                                 end - time.monotonic()))
            except queue.Empty:
                raise SystemExit("vmnetd never said %r; it said:\n%s" %
                                 (needle, "\n".join(seen[-10:])))
            seen.append(line)
            if any(n in line for n in
                   (needle if isinstance(needle, tuple) else (needle,))):
                return t

    def quiet(self, ms=300):
        """Wait until no line came for @ms (the pass after a repair)."""
        while True:
            try:
                self.q.get(timeout=ms / 1000)
            except queue.Empty:
                return

    def stop(self):
        self.p.terminate()
        self.p.wait()

    def hwm_kb(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0


def run(*cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def clean():
    return subprocess.run([vmnetctl, "check"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def add_tap(name):
    subprocess.run(["ip", "-batch", "-"], check=True, text=True, input=(
        "tuntap add %s mode tap user 3000\n"
        "link set %s master vmnetb alias \"vmnet1 net=%s uid=3000 mac=- "
        "ip=- omtu=1500 omac=02:00:00:00:00:01 oup=0 fw=isolated\"\n"
        % (name, name, NET)))


def ms(v):
    return round(statistics.median(v) * 1000, 1)


def row(n, users):
    d = Daemon()
    d.wait_line(NET + ": up")
    d.quiet()
    assert clean(), "vmnetd left the network with problems"
    flush, gone, seen = [], [], []
    for _ in range(iters):
        t0 = time.monotonic()
        run("nft", "flush", "ruleset")
        seen.append(d.wait_line(GONE) - t0)
        flush.append(d.wait_line(NET + ": up") - t0)
        d.quiet()
        assert clean(), "not fully restored after a flush"
    for i in range(iters):
        add_tap("gone%d" % i)
        # repaired by adding its elements, or by "up" when it was found
        # in a pass that checks the whole network
        d.wait_line(("restored the elements of 1 attached tap", NET + ": up"))
        d.quiet()
        t0 = time.monotonic()
        run("ip", "link", "del", "gone%d" % i)
        gone.append(d.wait_line("removed the elements of 1 tap") - t0)
        d.quiet()
    d.stop()
    assert clean(), "vmnetd stopped with problems left"
    # the anchor: the administrator's own repair, run at once
    aflush, agone = [], []
    for i in range(iters):
        run("nft", "flush", "ruleset")
        t0 = time.monotonic()
        run(vmnetctl, "up", NET)
        aflush.append(time.monotonic() - t0)
    for i in range(iters):
        add_tap("agone%d" % i)
        run(vmnetctl, "up", NET)
        run("ip", "link", "del", "agone%d" % i)
        t0 = time.monotonic()
        run(vmnetctl, "gc")
        agone.append(time.monotonic() - t0)
    print("N=%-5d%s flush->restored: vmnetd %7.1f ms (%.1f to its job's "
          "verdict), vmnetctl up %7.1f ms (ratio %.2f) | tap deleted->"
          "elements gone: vmnetd %6.1f ms, vmnetctl gc %6.1f ms (ratio %.2f)"
          % (n, " of %d users" % users if users > 1 else "", ms(flush),
             ms(seen), ms(aflush), ms(flush) / ms(aflush),
             ms(gone), ms(agone), ms(gone) / ms(agone)), flush=True)


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        v = f.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in v[11:15])     # utime stime cutime cstime


def storm():
    d = Daemon()
    d.quiet(500)
    assert clean(), "the network has problems before the storm"
    hwm0 = d.hwm_kb()
    rate, seconds = 1000, 5
    ipb = subprocess.Popen(["ip", "-force", "-batch", "-"], stdin=subprocess.PIPE,
                           text=True, stderr=subprocess.DEVNULL)
    start, k, flushed, lat = time.monotonic(), 0, False, None
    while time.monotonic() - start < seconds:
        # two changes per line pair: an address comes and goes
        a = "198.18.%d.%d/32" % ((k // 250) % 250, k % 250 + 1)
        ipb.stdin.write("address add %s dev up0\naddress del %s dev up0\n"
                        % (a, a))
        ipb.stdin.flush()
        k += 2
        if not flushed and time.monotonic() - start > seconds / 2:
            flushed = True
            while not d.q.empty():      # what the storm's passes logged
                d.q.get()
            t0 = time.monotonic()
            run("nft", "flush", "ruleset")
            d.wait_line(GONE, timeout=30)
            lat = d.wait_line(NET + ": up", timeout=30) - t0
        due = start + k / rate
        if due > time.monotonic():
            time.sleep(due - time.monotonic())
    ipb.stdin.close()
    ipb.wait()
    end = time.monotonic()
    rate_done = k / (end - start)
    # lag: from the storm's end until vmnetd's CPU time stops growing
    last, t_last = cpu_ticks(d.p.pid), time.monotonic()
    while time.monotonic() - t_last < 0.3:
        time.sleep(0.02)
        c = cpu_ticks(d.p.pid)
        if c != last:
            last, t_last = c, time.monotonic()
    lag = t_last - end
    hwm = d.hwm_kb()
    d.quiet()
    ok = clean()
    d.stop()
    print("storm: %d address changes in %.1f s (%.0f/s); a flush during it "
          "restored in %.1f ms; vmnetd idle %.0f ms after the storm; peak RSS "
          "%d kB (%d kB before); check clean after: %s" % (
              k, end - start, rate_done, lat * 1000, lag * 1000, hwm, hwm0,
              "yes" if ok else "NO"), flush=True)


USER_LOOP = {
    # QEMU re-opening its tap, as fast as it can
    "reopen": """
import fcntl, os, struct, sys, time
end = time.time() + float(sys.argv[1])
n = 0
while time.time() < end:
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", b"bgu", 0x1002))
    os.close(fd)
    n += 1
print(n)
""",
    # vmnet-ifup and vmnet-ifdown of one tap, as fast as they go
    "attach": """
import subprocess, sys, time
end = time.time() + float(sys.argv[1])
n = 0
while time.time() < end:
    # (a flush in the middle refuses the attach until it is repaired)
    subprocess.run([sys.argv[2], "bgu"], stderr=subprocess.DEVNULL)
    subprocess.run([sys.argv[3], "bgu"], stderr=subprocess.DEVNULL)
    n += 1
print(n)
""",
}


def user_storm(kind, ifup, ifdown, seconds=6.0):
    d = Daemon()
    d.quiet(500)
    assert clean(), "the network has problems before the storm"
    hz = os.sysconf("SC_CLK_TCK")
    c0, t0 = cpu_ticks(d.p.pid), time.monotonic()
    gid = pwd.getpwnam("vmbench").pw_gid
    u = subprocess.Popen(["setpriv", "--reuid=vmbench", "--regid=%d" % gid,
                          "--init-groups", "--", "/usr/bin/python3", "-c",
                          USER_LOOP[kind], str(seconds), ifup, ifdown],
                         stdout=subprocess.PIPE, text=True)
    time.sleep(seconds / 2)
    c1, t1 = cpu_ticks(d.p.pid), time.monotonic()
    while not d.q.empty():
        d.q.get()
    f0 = time.monotonic()
    run("nft", "flush", "ruleset")
    d.wait_line(GONE, timeout=30)
    lat = d.wait_line(NET + ": up", timeout=30) - f0
    rounds = int(u.communicate()[0] or 0)
    d.quiet()
    ok = clean()
    d.stop()
    print("%s storm: %d rounds in %.1f s (%.0f/s); vmnetd (its jobs "
          "included) used %.1f%% of a CPU over its first half; a flush in "
          "its second half restored in "
          "%.1f ms; check clean after: %s" % (
              kind, rounds, seconds, rounds / seconds,
              100.0 * (c1 - c0) / hz / (t1 - t0), lat * 1000,
              "yes" if ok else "NO"), flush=True)


if what == "storm":
    storm()
elif what in USER_LOOP:
    user_storm(what, sys.argv[5], sys.argv[6])
else:
    row(int(what), int(sys.argv[5]) if len(sys.argv) > 5 else 1)
