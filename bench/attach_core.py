#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# attach_core.py VARIANT ITERATIONS TAP BRIDGE [PROGRAM...]
# Time ITERATIONS attach+detach cycles of one variant and print the median
# and quartiles in microseconds, as JSON. Each cycle is timed around the
# programs' own process runs, the way QEMU would run them:
#   vmnet   VMNET_IFUP VMNET_IFDOWN: tap exists, its fd is held (as QEMU
#           does) and inherited; ifup TAP then ifdown TAP
#   qbh     HELPER: qemu-bridge-helper or vmnet-helper --use-vnet --br=BRIDGE
#           --fd=N creates the tap, attaches it and sends it; timed until
#           QEMU would have the fd. Closing it (the kernel deletes the tap,
#           which costs ~20 ms of RCU waits whoever created it) is not timed.
#           With RSS=/path/to/rss, also reports the helper's peak RSS.
#   recipe  (root) ip link set TAP up; ip link set TAP master BRIDGE;
#           ip link set TAP nomaster; ip link set TAP down
#   scripts IFUP.sh IFDOWN.sh (root): the same recipe as QEMU runs it, two
#           /bin/sh scripts (script= and downscript=) with two ip each
import array, fcntl, json, os, socket, statistics, struct, subprocess, sys, time

variant, iters, tap, bridge = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
progs = sys.argv[5:]
TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI = 0x0002, 0x1000
env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
       "VMNET_NETWORK": os.environ.get("BENCH_NETWORK", "lan")}
for k in ("MAC", "IP"):     # BENCH_MAC, BENCH_IP: VMNET_MAC, VMNET_IP
    if os.environ.get("BENCH_" + k):
        env["VMNET_" + k] = os.environ["BENCH_" + k]


def run(argv, **kw):
    r = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, **kw)
    if r.returncode:
        sys.exit(f"{argv[0]} failed: {r.stderr.decode().strip()}")


def cycle_vmnet(fd):
    run([progs[0], tap], pass_fds=(fd,))
    run([progs[1], tap], pass_fds=(fd,))


peak_rss = [0]


def cycle_qbh(wrapper=()):
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    t0 = time.perf_counter()
    r = subprocess.run(list(wrapper) + [progs[0], "--use-vnet", f"--br={bridge}",
                       f"--fd={b.fileno()}"], env=env, pass_fds=(b.fileno(),),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode:
        sys.exit(f"{progs[0]} failed: {r.stderr.decode().strip()}")
    fds = array.array("i")
    msg, anc, flags, addr = a.recvmsg(1, socket.CMSG_LEN(fds.itemsize))
    elapsed = time.perf_counter() - t0
    for level, typ, data in anc:
        fds.frombytes(data[:fds.itemsize])
    os.close(fds[0])        # the tap goes away with its last fd
    a.close()
    b.close()
    time.sleep(0.05)        # let the kernel finish deleting it, untimed
    if wrapper:
        peak_rss[0] = max(peak_rss[0], int(r.stdout))
    return elapsed


def cycle_scripts():
    run([progs[0], tap])
    run([progs[1], tap])


def cycle_recipe():
    for args in (["up"], ["master", bridge], ["nomaster"], ["down"]):
        run(["ip", "link", "set", tap] + args)


fd = None
if variant == "vmnet":
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", tap.encode(), IFF_TAP | IFF_NO_PI))
    os.set_inheritable(fd, True)
samples = []
for i in range(iters + 5):
    t0 = time.perf_counter()
    if variant == "vmnet":
        cycle_vmnet(fd)
    elif variant == "qbh":
        elapsed = cycle_qbh()
    elif variant == "scripts":
        cycle_scripts()
    else:
        cycle_recipe()
    if variant != "qbh":
        elapsed = time.perf_counter() - t0
    if i >= 5:                          # warm-up cycles are not counted
        samples.append(elapsed * 1e6)
if variant == "qbh" and os.environ.get("RSS"):
    for i in range(10):
        cycle_qbh((os.environ["RSS"],))
q = statistics.quantiles(samples, n=4)
print(json.dumps({"median_us": statistics.median(samples), "q1_us": q[0],
                  "q3_us": q[2], "n": len(samples), "peak_rss_kb": peak_rss[0],
                  "samples_us": [round(s) for s in samples]}))
