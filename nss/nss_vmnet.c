// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nss_vmnet.c - libnss_vmnet.so.2, glibc's "vmnet" source of host names
 * ("hosts: files vmnet dns" in /etc/nsswitch.conf): the host reaches a VM
 * of an isolated network as NAME.DOMAIN through getaddrinfo(), with or
 * without systemd-resolved, as libvirt's libnss_libvirt does.
 *
 * It runs inside every program that resolves a name, setuid ones too, so
 * it does little and trusts little: for NAME.DOMAIN it reads only the
 * file /run/vmnet/_domains/DOMAIN links to (root's directory), and only
 * if root owns it and no one else may write it (vmnet writes them:
 * engine/names.c); it answers only a name written there in full, and
 * drops a line whose tap (ifindex) is gone or whose lease has ended,
 * whatever the file says. No reverse lookups.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <nss.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* DOMAIN: a link to a network's names.d/hosts (root's, as the files) */
#define DOMAINS "/run/vmnet/_domains"
#define FILE_MAX (4 << 20)
#define MAX_ADDRS 16
#define NAME_MAX_LEN 253

struct found {
	size_t n;
	int af[MAX_ADDRS];
	unsigned char addr[MAX_ADDRS][16];
};

#define EXPORT __attribute__((visibility("default")))

enum nss_status _nss_vmnet_gethostbyname4_r(const char *name,
					    struct gaih_addrtuple **pat,
					    char *buffer, size_t buflen,
					    int *errnop, int *herrnop,
					    int32_t *ttlp) EXPORT;
enum nss_status _nss_vmnet_gethostbyname3_r(const char *name, int af,
					    struct hostent *host, char *buffer,
					    size_t buflen, int *errnop,
					    int *herrnop, int32_t *ttlp,
					    char **canonp) EXPORT;
enum nss_status _nss_vmnet_gethostbyname2_r(const char *name, int af,
					    struct hostent *host, char *buffer,
					    size_t buflen, int *errnop,
					    int *herrnop) EXPORT;
enum nss_status _nss_vmnet_gethostbyname_r(const char *name,
					   struct hostent *host, char *buffer,
					   size_t buflen, int *errnop,
					   int *herrnop) EXPORT;

/* @name lowercased, without one trailing dot, into @q; false when it is
 * no name vmnet could have written: letters, digits, hyphens and dots,
 * with a dot inside (so never a path). */
static bool normal(const char *name, char q[NAME_MAX_LEN + 1])
{
	size_t len = strnlen(name, NAME_MAX_LEN + 2), i;

	if (len && name[len - 1] == '.')
		len--;
	if (!len || len > NAME_MAX_LEN)
		return false;
	for (i = 0; i < len; i++) {
		q[i] = (char)tolower((unsigned char)name[i]);
		if (!((q[i] >= 'a' && q[i] <= 'z') ||
		      (q[i] >= '0' && q[i] <= '9') || q[i] == '-' ||
		      (q[i] == '.' && i && q[i - 1] != '.')))
			return false;
	}
	q[len] = '\0';
	return strchr(q, '.') != NULL;
}

/* The file at @fd whole, if root's and writable by no one else. */
static char *slurp(int fd)
{
	struct stat st;
	size_t len = 0;
	ssize_t r;
	char *buf;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & 022) || st.st_size > FILE_MAX)
		return NULL;
	buf = malloc((size_t)st.st_size + 1);
	while (buf && len < (size_t)st.st_size &&
	       (r = read(fd, buf + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)r;
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* One line: "ADDR NAME.DOMAIN NAME # vmnet IFINDEX EXPIRES". */
static void match_line(char *line, const char *q, long long now,
		       struct found *f)
{
	char addr[64], fqdn[NAME_MAX_LEN + 2], ifname[IF_NAMESIZE];
	long long expires;
	int ifindex, af;

	if (f->n == MAX_ADDRS ||
	    sscanf(line, "%63s %254s %*s # vmnet %d %lld", addr, fqdn,
		   &ifindex, &expires) != 4 || strcmp(fqdn, q))
		return;
	if ((expires && expires <= now) || ifindex <= 0 ||
	    !if_indextoname((unsigned)ifindex, ifname))
		return;		/* the lease ended, or the tap is gone */
	af = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(af, addr, f->addr[f->n]) == 1)
		f->af[f->n++] = af;
}

/*
 * Each domain the name could be under (every suffix after a dot) has, if
 * it is a network's, a link in DOMAINS to that network's names file
 * (engine/namesfile.c): a name outside vmnet's domains costs a failed
 * open() per label, and reads nothing.
 */
static void lookup(const char *name, struct found *f)
{
	char q[NAME_MAX_LEN + 1], path[sizeof(DOMAINS) + NAME_MAX_LEN + 2];
	long long now = (long long)time(NULL);
	char *buf, *line, *save;
	const char *dot;
	int fd;

	f->n = 0;
	if (!normal(name, q))
		return;
	for (dot = strchr(q, '.'); dot; dot = strchr(dot + 1, '.')) {
		snprintf(path, sizeof(path), DOMAINS "/%s", dot + 1);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		buf = slurp(fd);
		close(fd);
		save = NULL;
		for (line = buf ? strtok_r(buf, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save))
			match_line(line, q, now, f);
		free(buf);
		return;		/* domains are never nested in two networks */
	}
}

static enum nss_status none(int *errnop, int *herrnop, int h)
{
	*errnop = ENOENT;
	*herrnop = h;
	return NSS_STATUS_NOTFOUND;
}

static enum nss_status too_small(int *errnop, int *herrnop)
{
	*errnop = ERANGE;
	*herrnop = NETDB_INTERNAL;
	return NSS_STATUS_TRYAGAIN;
}

static size_t alen(int af)
{
	return af == AF_INET6 ? 16 : 4;
}

enum nss_status _nss_vmnet_gethostbyname4_r(const char *name,
					    struct gaih_addrtuple **pat,
					    char *buffer, size_t buflen,
					    int *errnop, int *herrnop,
					    int32_t *ttlp)
{
	size_t nlen = strlen(name) + 1, at, i;
	struct gaih_addrtuple *t, *first = NULL, *prev = NULL;
	struct found f;
	char *copy;

	lookup(name, &f);
	if (!f.n)
		return none(errnop, herrnop, HOST_NOT_FOUND);
	at = (nlen + 7) & ~(size_t)7;
	if (buflen < at + f.n * sizeof(*t))
		return too_small(errnop, herrnop);
	copy = memcpy(buffer, name, nlen);
	for (i = 0; i < f.n; i++) {
		t = (struct gaih_addrtuple *)(void *)(buffer + at +
						      i * sizeof(*t));
		memset(t, 0, sizeof(*t));
		t->name = copy;
		t->family = f.af[i];
		memcpy(t->addr, f.addr[i], alen(f.af[i]));
		if (prev)
			prev->next = t;
		else
			first = t;
		prev = t;
	}
	if (*pat)
		**pat = *first;
	else
		*pat = first;
	if (ttlp)
		*ttlp = 0;
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_vmnet_gethostbyname3_r(const char *name, int af,
					    struct hostent *host, char *buffer,
					    size_t buflen, int *errnop,
					    int *herrnop, int32_t *ttlp,
					    char **canonp)
{
	size_t nlen = strlen(name) + 1, at, i, k = 0, need;
	struct found f;
	char **list, *addrs;

	if (af != AF_INET && af != AF_INET6)
		return none(errnop, herrnop, NO_DATA);
	lookup(name, &f);
	for (i = 0; i < f.n; i++)
		k += f.af[i] == af;
	if (!k)
		return none(errnop, herrnop, f.n ? NO_DATA : HOST_NOT_FOUND);
	at = (nlen + 7) & ~(size_t)7;
	need = at + (k + 2) * sizeof(char *) + k * alen(af);
	if (buflen < need)
		return too_small(errnop, herrnop);
	memcpy(buffer, name, nlen);
	list = (char **)(void *)(buffer + at);
	addrs = buffer + at + (k + 2) * sizeof(char *);
	list[0] = NULL;			/* the aliases: none */
	for (i = 0, k = 0; i < f.n; i++) {
		if (f.af[i] != af)
			continue;
		memcpy(addrs + k * alen(af), f.addr[i], alen(af));
		list[1 + k] = addrs + k * alen(af);
		k++;
	}
	list[1 + k] = NULL;
	host->h_name = buffer;
	host->h_aliases = list;
	host->h_addrtype = af;
	host->h_length = (int)alen(af);
	host->h_addr_list = list + 1;
	if (ttlp)
		*ttlp = 0;
	if (canonp)
		*canonp = buffer;
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_vmnet_gethostbyname2_r(const char *name, int af,
					    struct hostent *host, char *buffer,
					    size_t buflen, int *errnop,
					    int *herrnop)
{
	return _nss_vmnet_gethostbyname3_r(name, af, host, buffer, buflen,
					   errnop, herrnop, NULL, NULL);
}

enum nss_status _nss_vmnet_gethostbyname_r(const char *name,
					   struct hostent *host, char *buffer,
					   size_t buflen, int *errnop,
					   int *herrnop)
{
	return _nss_vmnet_gethostbyname3_r(name, AF_INET, host, buffer, buflen,
					   errnop, herrnop, NULL, NULL);
}
