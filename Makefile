# SPDX-License-Identifier: GPL-2.0-or-later
# vmnet - plain Makefile. Build: make. Tests: make check (as root).
# Install: make install [PREFIX=/usr] [DESTDIR=...] [CAPS=1] [SETUID=0]

PREFIX     ?= /usr/local
LIBEXECDIR ?= $(PREFIX)/libexec
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/vmnet
UNITDIR    ?= $(PREFIX)/lib/systemd/system
COMPDIR    ?= $(PREFIX)/share/bash-completion/completions
NSSDIR     ?= $(PREFIX)/lib/$(shell $(CC) -print-multiarch 2>/dev/null)
FWZONEDIR  ?= $(PREFIX)/lib/firewalld/zones
DESTDIR    ?=
CAPS       ?= 0
SETUID     ?= 1
VERSION    := 0.2.0

CC         ?= cc
PKG_CONFIG ?= pkg-config
# What the setuid programs link; the administrator's programs also
# libbpf and libsystemd (sd_notify, the machine id of ula6.c).
PKGS       := libnl-3.0 libnl-route-3.0 libcap-ng libnftnl libmnl
ADM_PKGS   := libbpf libsystemd

# Refuse to build without the libraries: never a capability-less fallback.
PKG_CHECK  := $(shell $(PKG_CONFIG) --exists $(PKGS) $(ADM_PKGS) && echo ok)
ifneq ($(PKG_CHECK),ok)
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(error missing build dependencies: install libnl-3-dev libnl-route-3-dev libcap-ng-dev libnftnl-dev libmnl-dev libbpf-dev libsystemd-dev pkg-config)
endif
endif

WARN      := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wmissing-prototypes \
             -Wstrict-prototypes -Wunused-parameter -Wvla
HARDEN    := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE \
             -fstack-clash-protection -fcf-protection
CFLAGS    ?= -O2 -g
# Each folder sees only the headers it may use: an administrator's header
# does not compile in code a setuid program links (policy/, core/, the
# three privileged mains).
INC_PRIV   := -Ipolicy -Icore
INC_ADM    := $(INC_PRIV) -Iengine
inc_of      = $(if $(filter engine/% ctl/% daemon/% dhcp/% $(B)/engine/%,$(1)),$(INC_ADM) $(if $(filter ctl/%,$(1)),-Ictl)$(if $(filter daemon/%,$(1)),-Idaemon),$(if $(filter policy/%,$(1)),-Ipolicy,$(INC_PRIV)))
ALL_CFLAGS = -std=gnu11 -D_GNU_SOURCE -DVMNET_VERSION=\"$(VERSION)\" $(WARN) \
             $(HARDEN) $(CFLAGS) \
             $(shell $(PKG_CONFIG) --cflags $(PKGS) $(ADM_PKGS))
LDHARDEN  := -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
LIBS       = $(shell $(PKG_CONFIG) --libs $(PKGS))
ADM_LIBS   = $(shell $(PKG_CONFIG) --libs $(ADM_PKGS)) $(LIBS)

B := build

# The tree is the trust boundary. Three archives, by who may run the code:
#   policy/   libpolicy.a  pure code: parsers, validators, the decision
#   core/     libcore.a    the privileged core the setuid programs share
#   engine/   libengine.a  the administrator's engine (vmnetctl, vmnetd):
#                          networks' firewall state, dnsmasq, bridges and
#                          veths, the BPF second line, repairs. Never linked
#                          into a setuid program, which "nm" checks against
#                          the functions engine/'s headers declare
#                          (tests/integration/t_hardening.sh).
# A security review of the setuid programs reads policy/, core/ and the
# three mains: qemu-ifup/, qemu-ifdown/, helper/. ctl/ is vmnetctl's
# command line, daemon/ is vmnetd.
# Programs link from archives, so each holds only the objects it uses.
POLICY_SRC := $(wildcard policy/*.c)
CORE_SRC   := $(wildcard core/*.c core/fw/*.c)
ENG_SRC    := $(filter-out %.bpf.c,$(wildcard engine/*.c engine/fw/*.c))
CTL_SRC    := $(wildcard ctl/*.c)
D_SRC      := $(wildcard daemon/*.c)
POLICY_OBJ := $(POLICY_SRC:%.c=$(B)/%.o)
CORE_OBJ   := $(CORE_SRC:%.c=$(B)/%.o)
ENG_OBJ    := $(ENG_SRC:%.c=$(B)/%.o) $(B)/engine/lanbpf_obj.o
CTL_OBJ    := $(CTL_SRC:%.c=$(B)/%.o)
D_OBJ      := $(D_SRC:%.c=$(B)/%.o)
PROGS      := $(B)/vmnet-ifup $(B)/vmnet-ifdown $(B)/vmnet-helper $(B)/vmnetctl \
              $(B)/vmnetd $(B)/vmnet-dhcp-event $(B)/libnss_vmnet.so.2
PRIV_PROGS := vmnet-ifup vmnet-ifdown vmnet-helper
MANPAGES   := $(wildcard man/*.[58])

all: $(PROGS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

$(B)/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call inc_of,$<) -MMD -MP -c -o $@ $<

# The second line's tc programs (engine/lanbpf.bpf.c): compiled by clang
# for the BPF target, with BTF (their conntrack calls need it), and kept in
# vmnetctl and vmnetd as a byte array that libbpf loads from memory.
BPF_CC     ?= clang
BPF_CFLAGS := -O2 -g -target bpf -Wall -Werror \
              -I/usr/include/$(shell $(CC) -print-multiarch)
$(B)/engine/lanbpf.bpf.o: engine/lanbpf.bpf.c engine/lanbpf_abi.h Makefile
	@mkdir -p $(dir $@)
	$(BPF_CC) $(BPF_CFLAGS) -c -o $@ $<
$(B)/engine/lanbpf_obj.c: $(B)/engine/lanbpf.bpf.o
	{ echo '/* generated from engine/lanbpf.bpf.c: do not edit */'; \
	  echo '#include "lanbpf.h"'; \
	  echo 'const unsigned char lanbpf_obj[] = {'; \
	  od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; \
	  echo 'const size_t lanbpf_obj_size = sizeof(lanbpf_obj);'; } >$@
$(B)/engine/lanbpf_obj.o: $(B)/engine/lanbpf_obj.c
	$(CC) $(ALL_CFLAGS) $(INC_ADM) -c -o $@ $<

$(B)/libpolicy.a: $(POLICY_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/libcore.a: $(CORE_OBJ)
	rm -f $@ && ar rcs $@ $^
$(B)/libengine.a: $(ENG_OBJ)
	rm -f $@ && ar rcs $@ $^

PRIV_LINK = $(CC) $(ALL_CFLAGS) $(LDHARDEN) -o $@ $< $(B)/libcore.a \
            $(B)/libpolicy.a $(LIBS)
$(B)/vmnet-ifup: $(B)/qemu-ifup/main.o $(B)/libcore.a $(B)/libpolicy.a
	$(PRIV_LINK)
$(B)/vmnet-ifdown: $(B)/qemu-ifdown/main.o $(B)/libcore.a $(B)/libpolicy.a
	$(PRIV_LINK)
$(B)/vmnet-helper: $(B)/helper/vmnet-helper.o $(B)/libcore.a $(B)/libpolicy.a
	$(PRIV_LINK)
$(B)/vmnetctl: $(CTL_OBJ) $(B)/libengine.a $(B)/libcore.a $(B)/libpolicy.a
	$(CC) $(ALL_CFLAGS) $(LDHARDEN) -o $@ $(CTL_OBJ) $(B)/libengine.a \
		$(B)/libcore.a $(B)/libpolicy.a $(ADM_LIBS)
# dnsmasq's dhcp-script: the names of an isolated network's VMs.
$(B)/vmnet-dhcp-event: $(B)/dhcp/event.o $(B)/libengine.a $(B)/libcore.a $(B)/libpolicy.a
	$(CC) $(ALL_CFLAGS) $(LDHARDEN) -o $@ $< $(B)/libengine.a \
		$(B)/libcore.a $(B)/libpolicy.a $(ADM_LIBS)
# glibc's "vmnet" hosts source: a shared object loaded into every program
# that resolves a name, so plain libc, no symbol but its entry points.
$(B)/libnss_vmnet.so.2: nss/nss_vmnet.c Makefile
	@mkdir -p $(B)
	$(CC) -std=gnu11 -D_GNU_SOURCE $(WARN) -D_FORTIFY_SOURCE=2 \
		-fstack-protector-strong -fcf-protection $(CFLAGS) -fPIC \
		-shared -fvisibility=hidden -Wl,-soname,libnss_vmnet.so.2 \
		-Wl,-z,relro,-z,now -Wl,-z,noexecstack -o $@ $<
# vmnetd runs the engine vmnetctl runs ("up", "gc") in its passes.
$(B)/vmnetd: $(D_OBJ) $(B)/libengine.a $(B)/libcore.a $(B)/libpolicy.a
	$(CC) $(ALL_CFLAGS) $(LDHARDEN) -o $@ $(D_OBJ) $(B)/libengine.a \
		$(B)/libcore.a $(B)/libpolicy.a $(ADM_LIBS)

# ---- unit tests (cmocka), plain and under ASan+UBSan ----------------------
# policy/ is compiled once per flavour into an archive the tests link.
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)
UNIT_ASAN := $(UNIT_SRC:tests/unit/%.c=$(B)/unit-asan/%)
SAN       := -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
# (cmocka's test functions all take a "state" most of them ignore)
UNIT_FLAGS := -std=gnu11 -D_GNU_SOURCE $(WARN) -Wno-unused-parameter -O1 -g \
              -Ipolicy

$(B)/unit/obj/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_FLAGS) -MMD -MP -c -o $@ $<
$(B)/unit-asan/obj/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(UNIT_FLAGS) $(SAN) -MMD -MP -c -o $@ $<
$(B)/unit/libpolicy.a: $(POLICY_SRC:%.c=$(B)/unit/obj/%.o)
	rm -f $@ && ar rcs $@ $^
$(B)/unit-asan/libpolicy.a: $(POLICY_SRC:%.c=$(B)/unit-asan/obj/%.o)
	rm -f $@ && ar rcs $@ $^
$(B)/unit/%: $(B)/unit/obj/tests/unit/%.o $(B)/unit/libpolicy.a
	$(CC) $(UNIT_FLAGS) -o $@ $^ -lcmocka
$(B)/unit-asan/%: $(B)/unit-asan/obj/tests/unit/%.o $(B)/unit-asan/libpolicy.a
	$(CC) $(UNIT_FLAGS) $(SAN) -o $@ $^ -lcmocka

unit: $(UNIT_BIN) $(UNIT_ASAN)
	@set -e; for t in $(UNIT_BIN) $(UNIT_ASAN); do echo "== $$t"; $$t; done

# ---- fuzzing (libFuzzer, clang, ASan+UBSan): make fuzz [FUZZ_TIME=s] -----
FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_SRC   := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_FLAGS := -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(POLICY_SRC) $(wildcard policy/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Ipolicy -o $@ $< $(POLICY_SRC)

# Each harness runs FUZZ_TIME seconds on the seeds of tests/fuzz/corpus/NAME
# (read only) plus what earlier runs found (build/fuzz/corpus-NAME).
fuzz: $(FUZZ_BIN)
	@set -e; total=0; for f in $(FUZZ_BIN); do \
		n=$$(basename $$f | sed 's/^fuzz_//'); \
		mkdir -p $(B)/fuzz/corpus-$$n; \
		$$f -max_total_time=$(FUZZ_TIME) -max_len=4096 -print_final_stats=1 \
			$(B)/fuzz/corpus-$$n tests/fuzz/corpus/$$n >$(B)/fuzz/$$n.log 2>&1 || \
			{ tail -n 40 $(B)/fuzz/$$n.log; echo "fuzz_$$n: FAILED (input saved in the working directory)"; exit 1; }; \
		runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(B)/fuzz/$$n.log); \
		echo "fuzz_$$n: $$runs executions in $(FUZZ_TIME) s, no crash"; \
		total=$$((total + runs)); \
	done; echo "fuzz: $$total executions in all, no crash"

# ---- golden rules: each mode's nf_tables state, built without a kernel ----
# and compared with the reviewed files in tests/golden (make golden-update
# rewrites them: review the diff before committing it).
$(B)/golden: tests/golden/golden.c $(B)/libengine.a $(B)/libcore.a $(B)/libpolicy.a
	$(CC) $(ALL_CFLAGS) $(INC_ADM) $(LDHARDEN) -o $@ $< $(B)/libengine.a \
		$(B)/libcore.a $(B)/libpolicy.a $(ADM_LIBS)
golden: $(B)/golden
	@$(B)/golden tests/golden
golden-update: $(B)/golden
	@$(B)/golden tests/golden --update

# ---- integration tests: real setuid binaries, namespaces, QEMU ------------
integration: all
	tests/integration/run.sh

# ---- lint: static analysis of the shipped code, clean or it fails --------
# cppcheck, clang-tidy (the analyzer and bugprone checks, one file per run:
# clang-tidy 14 reports phantom va_list errors when one run reads several
# files), and the size rules of STYLE.md: no file over 600 lines, no
# function over 60 without a "Long:" reason (scripts/funclen.py).
# Left out: security.insecureAPI (it wants Annex K's *_s functions),
# optin.performance.Padding, and these bugprone checks:
# easily-swappable-parameters (most of our APIs take two ints),
# reserved-identifier (the kernel's __u32 and friends),
# suspicious-string-compare (the "!strcmp(a, b)" idiom),
# implicit-widening-of-multiplication-result (constant products like
# 1024 * 1024).
LINT_SRC   := $(POLICY_SRC) $(CORE_SRC) $(ENG_SRC) $(CTL_SRC) $(D_SRC) \
              qemu-ifup/main.c qemu-ifdown/main.c helper/vmnet-helper.c
LINT_FLAGS := -std=gnu11 -D_GNU_SOURCE -DVMNET_VERSION=\"$(VERSION)\" \
              $(shell $(PKG_CONFIG) --cflags $(PKGS) $(ADM_PKGS))
TIDY_CHECKS := -*,clang-analyzer-*,bugprone-*,$\
	-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,$\
	-clang-analyzer-optin.performance.Padding,$\
	-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,$\
	-bugprone-suspicious-string-compare,$\
	-bugprone-implicit-widening-of-multiplication-result
lint:
	@cppcheck -q --std=c11 --enable=warning,portability,performance \
		--inline-suppr --error-exitcode=1 -D_GNU_SOURCE \
		$(INC_ADM) -Ictl -Idaemon \
		--suppress=missingIncludeSystem \
		'-DLIBBPF_OPTS(TYPE,NAME,...)=struct TYPE NAME = { __VA_ARGS__ }' \
		$(LINT_SRC)
	@printf '%s\n' $(LINT_SRC) | xargs -P$$(nproc) -n1 sh -c \
		'case "$$1" in \
		 policy/*) inc="-Ipolicy";; \
		 engine/*|ctl/*|daemon/*) inc="$(INC_ADM) -Ictl -Idaemon";; \
		 *) inc="$(INC_PRIV)";; esac; \
		 out=$$(clang-tidy --quiet --warnings-as-errors="*" \
			--checks="$(TIDY_CHECKS)" "$$1" -- $(LINT_FLAGS) $$inc 2>&1); \
		 rc=$$?; printf "%s\n" "$$out" | grep -v -e "warnings\? generated" -e "^$$"; \
		 exit $$rc' _
	@python3 scripts/funclen.py 60 $(LINT_SRC)
	@awk 'FNR == 601 { print FILENAME ": over 600 lines"; bad = 1 } \
		END { exit bad }' $(LINT_SRC) $(wildcard policy/*.h core/*.h core/fw/*.h engine/*.h engine/fw/*.h ctl/*.h daemon/*.h)
	@$(MAKE) -s boundary
	@echo "lint: $(words $(LINT_SRC)) files clean"

# The trust boundary holds at compile time: with the include paths of the
# code setuid programs link, every engine/ header fails to compile (and,
# the control, a core/ one compiles).
boundary:
	@echo '#include "nft.h"' | $(CC) $(ALL_CFLAGS) $(call inc_of,core/x.c) \
		-fsyntax-only -x c - || { echo "boundary: core/ cannot include its own header"; exit 1; }
	@for h in $(notdir $(wildcard engine/*.h)) $(patsubst engine/%,%,$(wildcard engine/fw/*.h)); do \
		for inc in "$(call inc_of,core/x.c)" "$(call inc_of,qemu-ifup/x.c)" \
			   "$(call inc_of,helper/x.c)"; do \
			if echo "#include \"$$h\"" | $(CC) $(ALL_CFLAGS) $$inc \
				-fsyntax-only -x c - 2>/dev/null; then \
				echo "boundary: $$h compiles with $$inc"; exit 1; fi; \
		done; \
	done

# The fuzz smoke run: each harness for 10 s (make fuzz runs longer).
check: unit lint golden
	$(MAKE) -s fuzz FUZZ_TIME=10
	$(MAKE) -s integration
	$(MAKE) -s bench-smoke

# Each benchmark run to its end with the fewest rounds: its figures mean
# nothing, but a benchmark that no longer runs is seen (all three had
# stopped running unnoticed).
bench-smoke: all
	BENCH_ITER=2 BENCH_SIZES="1 100" bench/attach >/dev/null
	BENCH_TIME=1 BENCH_REPEAT=1 BENCH_SIZES="1 100" bench/macnat >/dev/null
	BENCH_ITER=2 bench/reconcile >/dev/null
	BENCH_TIME=1 BENCH_REPEAT=1 bench/guard >/dev/null
	BENCH_TIME=1 BENCH_REPEAT=1 BENCH_SIZES="1 100" bench/dataplane >/dev/null
	BENCH_ITER=2 BENCH_TIME=1 BENCH_REPEAT=1 bench/ovn >/dev/null
	BENCH_TIME=1 BENCH_REPEAT=1 BENCH_RATES=10mbit bench/rate >/dev/null
	BENCH_SIZES="1 10" BENCH_ITER=50 BENCH_EVENTS=3 bench/names >/dev/null
	@echo "ok - bench-smoke: attach, macnat, reconcile, guard, dataplane, ovn, rate and names run to their end"

bench: all
	bench/attach
	bench/macnat
	bench/reconcile
	bench/guard
	bench/dataplane
	bench/ovn
	bench/rate
	bench/names

demo: all
	tests/integration/run.sh tests/integration/demo.sh

# ---- install --------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(SBINDIR) \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(DOCDIR)/examples
ifeq ($(CAPS),1)
	for p in $(PRIV_PROGS); do \
		install -m 0755 $(B)/$$p $(DESTDIR)$(LIBEXECDIR)/$$p && \
		setcap cap_net_admin+ep $(DESTDIR)$(LIBEXECDIR)/$$p || exit 1; \
	done
else ifeq ($(SETUID),0)
	# (a package sets their owner and mode when installed)
	for p in $(PRIV_PROGS); do \
		install -m 0755 $(B)/$$p $(DESTDIR)$(LIBEXECDIR)/$$p || exit 1; \
	done
else
	for p in $(PRIV_PROGS); do \
		install -m 4755 -o root -g root $(B)/$$p \
			$(DESTDIR)$(LIBEXECDIR)/$$p || exit 1; \
	done
endif
	install -m 0755 $(B)/vmnetctl $(DESTDIR)$(SBINDIR)/vmnetctl
	install -m 0755 $(B)/vmnetd $(DESTDIR)$(SBINDIR)/vmnetd
	install -m 0755 $(B)/vmnet-dhcp-event \
		$(DESTDIR)$(LIBEXECDIR)/vmnet-dhcp-event
	install -d $(DESTDIR)$(NSSDIR)
	install -m 0644 $(B)/libnss_vmnet.so.2 $(DESTDIR)$(NSSDIR)/
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@SBINDIR@|$(SBINDIR)|' etc/vmnet.service \
		>$(DESTDIR)$(UNITDIR)/vmnet.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/vmnet.service
	install -d $(DESTDIR)$(COMPDIR)
	install -m 0644 etc/bash-completion/vmnetctl $(DESTDIR)$(COMPDIR)/vmnetctl
	install -d $(DESTDIR)$(FWZONEDIR)
	install -m 0644 etc/firewalld/vmnet.xml $(DESTDIR)$(FWZONEDIR)/vmnet.xml
	for m in $(MANPAGES); do \
		s=$${m##*.}; install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	install -m 0644 etc/vmnet.conf etc/acl $(DESTDIR)$(DOCDIR)/examples/

uninstall:
	rm -f $(addprefix $(DESTDIR)$(LIBEXECDIR)/,$(PRIV_PROGS)) \
		$(DESTDIR)$(SBINDIR)/vmnetctl $(DESTDIR)$(SBINDIR)/vmnetd \
		$(DESTDIR)$(LIBEXECDIR)/vmnet-dhcp-event \
		$(DESTDIR)$(NSSDIR)/libnss_vmnet.so.2 \
		$(DESTDIR)$(UNITDIR)/vmnet.service $(DESTDIR)$(COMPDIR)/vmnetctl \
		$(DESTDIR)$(FWZONEDIR)/vmnet.xml
	for m in $(MANPAGES); do \
		s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; \
	done
	rm -rf $(DESTDIR)$(DOCDIR)

clean:
	rm -rf $(B)

.PHONY: boundary golden golden-update fuzz all unit lint integration check bench bench-smoke demo install uninstall clean
