/*
 * seal.c: encryption at rest (security spec, "Encryption at rest").
 *
 * Private message bodies and mirror-experience texts are sealed with
 * libsodium's XChaCha20-Poly1305 (IETF AEAD) under a subkey derived for
 * their purpose from a master key.  The master keys live in a key ring
 * file outside the database: one line "ID HEX" per key, ids increasing,
 * the last one current; the file must be 0600 (refused when group or
 * others may read or write it).  Rotation appends a key; records sealed
 * under an older key still open, and are re-sealed in batches.
 *
 * A sealed record is one blob:
 *
 *	version (1 byte) | key id (4, big-endian) | nonce (24) | ciphertext+tag
 *
 * and the associated data binds it to where it is stored: the format
 * version, the key id, the purpose, the table, the row id and the
 * conversation id, so a blob copied to another row, table or
 * conversation does not open.  Keys are kept in sodium_malloc'd memory
 * and wiped when unloaded; derived subkeys are wiped after each use.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "bbs.h"

#define SEAL_VERSION	1
#define SEAL_HEADER	(1 + 4 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
#define SEAL_CONTEXT	"mirall01"	/* crypto_kdf context, 8 bytes */
#define SEAL_LINE_MAX	256

struct seal_key {
	uint32_t	 id;
	unsigned char	 master[crypto_kdf_KEYBYTES];
};

/* The key ring of this process, oldest first; the last is current. */
static struct seal_key	*seal_ring;	/* sodium_malloc'd */
static size_t		 seal_nkeys;

/* seal_put32 writes v big-endian. */
static void
seal_put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* seal_get32 reads a big-endian 32-bit value. */
static uint32_t
seal_get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* seal_unload wipes and forgets the key ring. */
void
seal_unload(void)
{
	if (seal_ring != NULL)
		sodium_free(seal_ring);	/* zeroes the memory first */
	seal_ring = NULL;
	seal_nkeys = 0;
}

/*
 * seal_check_mode refuses a key file that group or others may use: the
 * keys open every private message.
 */
static int
seal_check_mode(int fd, const char *path, char **err)
{
	struct stat	sb;

	if (fstat(fd, &sb) == -1) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return ST_IOERR;
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(err, "%s: not a regular file", path);
		return ST_INVALID;
	}
	if ((sb.st_mode & 077) != 0) {
		xasprintf(err, "%s: readable or writable by others (mode "
		    "%03o); run chmod 600 %s", path,
		    (unsigned)(sb.st_mode & 0777), path);
		return ST_INVALID;
	}
	return ST_OK;
}

/* seal_parse_line reads "ID HEX" into k; -1 when it is not that. */
static int
seal_parse_line(const char *line, struct seal_key *k)
{
	const char	*hex, *end;
	char		*idend;
	unsigned long	 id;
	size_t		 len;

	if (*line < '1' || *line > '9')
		return -1;
	errno = 0;
	id = strtoul(line, &idend, 10);
	if (errno != 0 || id > UINT32_MAX || *idend != ' ')
		return -1;
	hex = idend + 1;
	len = strcspn(hex, "\r\n");
	if (len != 2 * crypto_kdf_KEYBYTES || (hex[len] != '\0' &&
	    strspn(hex + len, "\r\n") != strlen(hex + len)))
		return -1;
	if (sodium_hex2bin(k->master, sizeof k->master, hex, len, NULL,
	    NULL, &end) != 0 || end != hex + len)
		return -1;
	k->id = (uint32_t)id;
	return 0;
}

/*
 * seal_read reads the key ring at path into a new sodium_malloc'd array;
 * *err is "FILE:LINE: what" or "FILE: reason".
 */
static int
seal_read(const char *path, struct seal_key **out, size_t *n, char **err)
{
	struct seal_key	*ring;
	FILE		*f;
	char		 line[SEAL_LINE_MAX];
	unsigned	 lineno = 0;
	int		 fd, st;

	*out = NULL;
	*n = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return ST_IOERR;
	}
	if ((st = seal_check_mode(fd, path, err)) != ST_OK) {
		close(fd);
		return st;
	}
	if ((f = fdopen(fd, "r")) == NULL)
		fatalx("fdopen: %s", strerror(errno));
	if ((ring = sodium_malloc(SEAL_MAX_KEYS * sizeof *ring)) == NULL)
		fatalx("sodium_malloc");
	st = ST_OK;
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (*n == SEAL_MAX_KEYS) {
			xasprintf(err, "%s:%u: more than %d keys", path, lineno,
			    SEAL_MAX_KEYS);
			st = ST_INVALID;
			break;
		}
		if (seal_parse_line(line, &ring[*n]) == -1) {
			xasprintf(err, "%s:%u: expected a key id and %d hex "
			    "digits", path, lineno, 2 * crypto_kdf_KEYBYTES);
			st = ST_INVALID;
			break;
		}
		if (*n > 0 && ring[*n].id <= ring[*n - 1].id) {
			xasprintf(err, "%s:%u: key ids must increase", path,
			    lineno);
			st = ST_INVALID;
			break;
		}
		(*n)++;
	}
	sodium_memzero(line, sizeof line);
	fclose(f);
	if (st == ST_OK && *n == 0) {
		xasprintf(err, "%s: no key in the file", path);
		st = ST_INVALID;
	}
	if (st != ST_OK) {
		sodium_free(ring);
		*n = 0;
		return st;
	}
	*out = ring;
	return ST_OK;
}

/*
 * seal_load loads the key ring at path for this process, replacing the
 * one loaded before only when the file is good.
 */
int
seal_load(const char *path, char **err)
{
	struct seal_key	*ring;
	size_t		 n;
	int		 st;

	*err = NULL;
	if ((st = seal_read(path, &ring, &n, err)) != ST_OK)
		return st;
	seal_unload();
	seal_ring = ring;
	seal_nkeys = n;
	return ST_OK;
}

/* seal_current is the id of the key new records are sealed with, or 0. */
uint32_t
seal_current(void)
{
	return seal_nkeys > 0 ? seal_ring[seal_nkeys - 1].id : 0;
}

/* seal_write writes ring to path through a 0600 temporary file. */
static int
seal_write(const char *path, const struct seal_key *ring, size_t n,
    bool exclusive, char **err)
{
	char	*tmp, hex[2 * crypto_kdf_KEYBYTES + 1];
	FILE	*f;
	size_t	 i;
	int	 fd, st = ST_OK, saved = 0;

	xasprintf(&tmp, "%s.new", path);
	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		xasprintf(err, "%s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		free(tmp);
		return ST_IOERR;
	}
	fprintf(f, "# Mirall message keys: keep this file secret, 0600, "
	    "outside the database\n# directory and its backups, and back "
	    "it up apart.  The last key is current.\n");
	for (i = 0; i < n; i++) {
		sodium_bin2hex(hex, sizeof hex, ring[i].master,
		    sizeof ring[i].master);
		fprintf(f, "%u %s\n", ring[i].id, hex);
	}
	sodium_memzero(hex, sizeof hex);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		st = ST_IOERR;
	if (fclose(f) != 0)
		st = ST_IOERR;
	/* link() refuses to replace: the first key file is never lost. */
	if (st == ST_OK && exclusive && link(tmp, path) == -1)
		st = errno == EEXIST ? ST_EXISTS : ST_IOERR;
	else if (st == ST_OK && !exclusive && rename(tmp, path) == -1)
		st = ST_IOERR;
	saved = errno;
	if (st == ST_EXISTS)
		xasprintf(err, "%s: already exists", path);
	else if (st != ST_OK)
		xasprintf(err, "%s: %s", path, strerror(saved));
	(void)unlink(tmp);
	free(tmp);
	return st;
}

/*
 * seal_create creates a new key ring at path with one fresh key (mode
 * 0600); an existing file is never replaced (ST_EXISTS).
 */
int
seal_create(const char *path, char **err)
{
	struct seal_key	*k;
	int		 st;

	*err = NULL;
	if ((k = sodium_malloc(sizeof *k)) == NULL)
		fatalx("sodium_malloc");
	k->id = 1;
	crypto_kdf_keygen(k->master);
	st = seal_write(path, k, 1, true, err);
	sodium_free(k);
	return st;
}

/*
 * seal_add_key appends a fresh key to the ring at path, which becomes
 * current for new records; *id is its id.  The process's loaded ring is
 * reloaded from the file.
 */
int
seal_add_key(const char *path, uint32_t *id, char **err)
{
	struct seal_key	*ring, *next;
	size_t		 n;
	int		 st;

	*err = NULL;
	if ((st = seal_read(path, &ring, &n, err)) != ST_OK)
		return st;
	if (n == SEAL_MAX_KEYS || ring[n - 1].id == UINT32_MAX) {
		xasprintf(err, "%s: no room for another key", path);
		sodium_free(ring);
		return ST_INVALID;
	}
	next = &ring[n];
	next->id = ring[n - 1].id + 1;
	crypto_kdf_keygen(next->master);
	*id = next->id;
	st = seal_write(path, ring, n + 1, false, err);
	sodium_free(ring);
	if (st == ST_OK)
		st = seal_load(path, err);
	return st;
}

/* seal_find returns the loaded key with id, or NULL. */
static const struct seal_key *
seal_find(uint32_t id)
{
	size_t	i;

	for (i = 0; i < seal_nkeys; i++) {
		if (seal_ring[i].id == id)
			return &seal_ring[i];
	}
	return NULL;
}

/*
 * seal_ad builds the associated data binding a record to its place:
 * format version, key id, purpose, table, row and conversation.
 */
static unsigned char *
seal_ad(const struct seal_place *where, uint32_t id, size_t *len)
{
	unsigned char	*ad, *p;
	size_t		 tl;

	tl = strlen(where->table);
	*len = 8 + 1 + 4 + 1 + tl + 1 + 8 + 8;
	ad = p = xmalloc(*len);
	memcpy(p, "mirall:\x01", 8);
	p += 8;
	*p++ = SEAL_VERSION;
	seal_put32(p, id);
	p += 4;
	*p++ = (unsigned char)where->purpose;
	memcpy(p, where->table, tl + 1);
	p += tl + 1;
	seal_put32(p, (uint32_t)((uint64_t)where->row >> 32));
	seal_put32(p + 4, (uint32_t)where->row);
	seal_put32(p + 8, (uint32_t)((uint64_t)where->conversation >> 32));
	seal_put32(p + 12, (uint32_t)where->conversation);
	return ad;
}

/* seal_subkey derives the purpose's subkey of master key k. */
static void
seal_subkey(const struct seal_key *k, int purpose, unsigned char *sub)
{
	if (crypto_kdf_derive_from_key(sub,
	    crypto_aead_xchacha20poly1305_ietf_KEYBYTES, (uint64_t)purpose,
	    SEAL_CONTEXT, k->master) != 0)
		fatalx("crypto_kdf_derive_from_key");
}

/*
 * seal_encrypt seals len bytes of plain text for its place with the
 * current key into an allocated blob; ST_NOTFOUND when no key is loaded.
 */
int
seal_encrypt(const struct seal_place *where, const void *plain, size_t len,
    unsigned char **out, size_t *outlen)
{
	const struct seal_key	*k;
	unsigned char		 sub[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char		*blob, *ad;
	unsigned long long	 clen;
	size_t			 adlen;

	*out = NULL;
	*outlen = 0;
	if (seal_nkeys == 0)
		return ST_NOTFOUND;
	k = &seal_ring[seal_nkeys - 1];
	blob = xmalloc(SEAL_HEADER + len +
	    crypto_aead_xchacha20poly1305_ietf_ABYTES);
	blob[0] = SEAL_VERSION;
	seal_put32(blob + 1, k->id);
	randombytes_buf(blob + 5, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	ad = seal_ad(where, k->id, &adlen);
	seal_subkey(k, where->purpose, sub);
	crypto_aead_xchacha20poly1305_ietf_encrypt(blob + SEAL_HEADER, &clen,
	    plain, len, ad, adlen, NULL, blob + 5, sub);
	sodium_memzero(sub, sizeof sub);
	free(ad);
	*out = blob;
	*outlen = SEAL_HEADER + (size_t)clen;
	return ST_OK;
}

/* seal_key_of tells which key sealed blob (for rotation); 0 if none. */
uint32_t
seal_key_of(const unsigned char *blob, size_t len)
{
	if (len < SEAL_HEADER || blob[0] != SEAL_VERSION)
		return 0;
	return seal_get32(blob + 1);
}

/*
 * seal_decrypt opens a blob sealed for its place into an allocated,
 * NUL-terminated text (*len bytes without the NUL).  ST_NOTFOUND when its
 * key is not in the ring; ST_INVALID when it does not open: a wrong key,
 * a blob altered or moved from another row.  Never garbage.
 */
int
seal_decrypt(const struct seal_place *where, const unsigned char *blob,
    size_t bloblen, char **out, size_t *len)
{
	const struct seal_key	*k;
	unsigned char		 sub[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char		*ad, *plain;
	unsigned long long	 plen;
	size_t			 adlen;
	int			 rc;

	*out = NULL;
	*len = 0;
	if (bloblen < SEAL_HEADER + crypto_aead_xchacha20poly1305_ietf_ABYTES ||
	    blob[0] != SEAL_VERSION)
		return ST_INVALID;
	if ((k = seal_find(seal_get32(blob + 1))) == NULL)
		return ST_NOTFOUND;
	plain = xmalloc(bloblen - SEAL_HEADER + 1);
	ad = seal_ad(where, k->id, &adlen);
	seal_subkey(k, where->purpose, sub);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plen, NULL,
	    blob + SEAL_HEADER, bloblen - SEAL_HEADER, ad, adlen, blob + 5,
	    sub);
	sodium_memzero(sub, sizeof sub);
	free(ad);
	if (rc != 0) {
		free(plain);
		return ST_INVALID;
	}
	plain[plen] = '\0';
	*out = (char *)plain;
	*len = (size_t)plen;
	return ST_OK;
}

/* The ring file this process loaded, to notice a rotation. */
static char		*seal_path;
static struct stat	 seal_stat;

/* seal_remember notes the ring file's identity after a load. */
static void
seal_remember(const char *path)
{
	if (seal_path != path) {
		free(seal_path);
		seal_path = xstrdup(path);
	}
	if (stat(path, &seal_stat) == -1)
		memset(&seal_stat, 0, sizeof seal_stat);
}

/* seal_dir returns the real directory holding path, or NULL. */
static char *
seal_dir(const char *path)
{
	char	*copy, *slash, *real;

	copy = xstrdup(path);
	if ((slash = strrchr(copy, '/')) == NULL) {
		free(copy);
		copy = xstrdup(".");
	} else if (slash == copy)
		slash[1] = '\0';
	else
		*slash = '\0';
	real = realpath(copy, NULL);
	free(copy);
	return real;
}

/*
 * seal_apart refuses a key ring in the database's own directory: the
 * directory is what gets copied and backed up, and a copy that carries
 * its key protects nothing.
 */
static int
seal_apart(const struct conf *conf, char **err)
{
	char	*kd, *dd;
	int	 st = ST_OK;

	kd = seal_dir(conf->message_keys);
	dd = seal_dir(conf->database);
	if (kd != NULL && dd != NULL && strcmp(kd, dd) == 0) {
		xasprintf(err, "%s: the message keys are in the database's "
		    "directory; keep them apart (message_keys in %s)",
		    conf->message_keys, conf->path != NULL ? conf->path :
		    "the config");
		st = ST_INVALID;
	}
	free(kd);
	free(dd);
	return st;
}

/* seal_mkdir makes the ring's directory (one level, 0700) if missing. */
static int
seal_mkdir(const char *path, char **err)
{
	char	*dir, *slash;
	int	 st = ST_OK;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			xasprintf(err, "%s: %s", dir, strerror(errno));
			st = ST_IOERR;
		}
	}
	free(dir);
	return st;
}

/*
 * seal_setup loads the deployment's key ring (the message_keys file)
 * for this process.  With create, a missing ring is made first (bbsctl
 * init and demo), *created saying so.  The file must be 0600 and apart
 * from the database: bbsd refuses to start otherwise.
 */
int
seal_setup(const struct conf *conf, bool create, bool *created, char **err)
{
	struct stat	sb;
	int		st;

	*err = NULL;
	*created = false;
	if ((st = seal_apart(conf, err)) != ST_OK)
		return st;
	if (create && lstat(conf->message_keys, &sb) == -1 &&
	    errno == ENOENT) {
		if ((st = seal_mkdir(conf->message_keys, err)) != ST_OK ||
		    (st = seal_create(conf->message_keys, err)) != ST_OK)
			return st;
		*created = true;
	}
	if ((st = seal_load(conf->message_keys, err)) != ST_OK)
		return st;
	seal_remember(conf->message_keys);
	return ST_OK;
}

/*
 * seal_refresh reloads the ring when its file changed since it was
 * loaded: after `bbsctl rotate-key`, sessions that were already running
 * seal with the new key and open records re-sealed under it.
 */
int
seal_refresh(void)
{
	struct stat	 sb;
	char		*err = NULL;
	int		 st;

	if (seal_path == NULL)
		return ST_NOTFOUND;
	if (stat(seal_path, &sb) == 0 && sb.st_ino == seal_stat.st_ino &&
	    sb.st_dev == seal_stat.st_dev && sb.st_size == seal_stat.st_size &&
	    sb.st_mtim.tv_sec == seal_stat.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == seal_stat.st_mtim.tv_nsec)
		return ST_OK;
	if ((st = seal_load(seal_path, &err)) != ST_OK) {
		log_warn("message keys: %s", err != NULL ? err : "?");
		free(err);
		return st;
	}
	seal_remember(seal_path);
	return ST_OK;
}

/*
 * seal_text seals a text for its place: purpose, table, row and the
 * conversation or request it belongs to.  ST_NOTFOUND when no key is
 * loaded: nothing is ever stored in clear instead.
 */
int
seal_text(enum seal_purpose purpose, const char *table, int64_t row,
    int64_t bound, const char *text, struct sealed *out)
{
	struct seal_place	where = { purpose, table, row, bound };
	int			st;

	memset(out, 0, sizeof *out);
	(void)seal_refresh();
	if ((st = seal_encrypt(&where, text, strlen(text), &out->blob,
	    &out->len)) != ST_OK)
		return st;
	out->key = seal_current();
	return ST_OK;
}

/*
 * seal_open opens a sealed text from its place, or returns NULL (logged
 * with the place, never the content) when it cannot: no record, a key
 * that is missing or wrong, a record altered or moved.  A key id the
 * ring does not know may be a rotation this process has not seen yet:
 * the ring is reloaded once before giving up.
 */
char *
seal_open(enum seal_purpose purpose, const char *table, int64_t row,
    int64_t bound, const struct sealed *in)
{
	struct seal_place	 where = { purpose, table, row, bound };
	char			*text = NULL;
	size_t			 len;
	int			 st;

	if (in->blob == NULL)
		return NULL;
	st = seal_decrypt(&where, in->blob, in->len, &text, &len);
	if (st == ST_NOTFOUND && seal_refresh() == ST_OK)
		st = seal_decrypt(&where, in->blob, in->len, &text, &len);
	if (st != ST_OK) {
		log_warn("sealed text %s %lld: %s", table, (long long)row,
		    st == ST_NOTFOUND ? "its key is not in the key ring" :
		    "does not open (wrong key, altered or moved)");
		return NULL;
	}
	return text;
}

/*
 * seal_kept says, when a text could not be sealed (ST_IOERR: the key
 * ring is missing or unusable), that nothing was stored; returns st.
 */
int
seal_kept(char **err, int st)
{
	if (st == ST_IOERR && err != NULL && *err == NULL)
		text_say(err, st, "%s", _("This could not be kept safely just "
		    "now, so nothing was changed. Please try again later."));
	return st;
}
