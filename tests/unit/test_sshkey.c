/*
 * test_sshkey.c: public keys pasted as authorized_keys lines.
 *
 * The fixed keys below were made with ssh-keygen and their fingerprints
 * taken with `ssh-keygen -lf`, so the test checks Mirall's fingerprints
 * against OpenSSH's own, character for character.  The sk- keys were
 * assembled from the same public points (no FIDO token needed to parse
 * one) and fingerprinted the same way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libssh/libssh.h>

#include "../../bbs/bbs.h"
#include "helpers.h"

#define ED_BLOB \
	"AAAAC3NzaC1lZDI1NTE5AAAAIJhU5bBkcJJFYJMnwOFYx/EZtQVYCn/Ya4r8" \
	"YUsGmhUG"
#define ED_FP	"SHA256:+EaRLtJHF82grmpunbtphkIeuvfHy0ny14E6KQUhVAk"
#define ED_LINE	"ssh-ed25519 " ED_BLOB

#define EC_BLOB \
	"AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBCYqpF0h" \
	"tblB693MMmcMzUrayQE1OFO8AswnY88dD0B+LjuT7JwKyf9TL/5Wim+Un/Nh" \
	"Gi4K33LIK1TfUA9wzdI="
#define EC_FP	"SHA256:L/g+WfXHs7PGjrKkkPKLIjFItASvRGdOUDcgtPkQPjA"

#define RSA_BLOB \
	"AAAAB3NzaC1yc2EAAAADAQABAAABAQCRSuovcN2N4j5axJDZYSiwjGUVcVd6" \
	"xR3ysHHVtGHPlnltjrNQwEl7ff3UNExcnd+gKiVL7c6tPHFooen4wkZyoUae" \
	"wniSruatWUQ2enzAryKRSxbU7sFuk2GZHJCfQDzNw5/ih8VDuJqfq9BHyNxH" \
	"3cCOik9ECMos6NGT8eYzN30xAnewBqnWrxbsq3oaksVyVRenHvflLGAHBLlM" \
	"/K7SPCKzGilCBHwCQU/6kfjqQODl3ftv41wGUXi6hSXDkFtIA08/B6anILRB" \
	"07t/+EWcPgbHn4JCr6J7e1cGxeuWiNRluMq7gIDpomerpZhyoEXh5A3tdBGu" \
	"SvtAOqpK/UJ3"
#define RSA_FP	"SHA256:psbI439cWsV2vaJP6uevvHL+fyejM5+hWWj5UvBzIZo"

#define SKED_BLOB \
	"AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIJhU5bBkcJJFYJMn" \
	"wOFYx/EZtQVYCn/Ya4r8YUsGmhUGAAAABHNzaDo="
#define SKED_FP	"SHA256:WibDndlbrS8ubmGGtHmcMG42h1aer0Y7tArV24LXrFY"

#define DSA_LINE \
	"ssh-dss AAAAB3NzaC1kc3MAAACBAMAnVmiHIFUZkULqc217GSfrCQEpFCPV" \
	"9s9T098Mz9/xHkYCS6t1ZKbO9LgBUA3w0YwzZwB/Irk+nj0X6F1I3nJovbcS" \
	"NXx9mzUwdYi5hNqUPKGXMAWW7RN9vrnP17mhdj70UVH/atSc8Jw1iEimBCmP" \
	"F0ZDkop9dyDAlFknx9IbAAAAFQDNNAze6nX3soVTEr557+j1DRUMEwAAAIAZ" \
	"hNHOKTCZNpUShhtYTJ8y7hIJ5owlcVwYP+cqS6uaVf8vyPSHiONmmWrVKfJe" \
	"cbJU+Nj+SpkMsFK++LP7Nzf20tPlovtVNDfxYNnmTXRouuOnrIsNLi0SUl1B" \
	"wJvImtgvcbLPW8S/s75/uLIXdFomG+dismHlnDCO/ec/tyPTCgAAAIEAsnAw" \
	"zY2LE5RmLsiSUV6A4gAi0iNskDg6yAKpl21Miv/e+cX0Q0KQUPVAqRho3Y+R" \
	"P7Yj7oycytdXIslBKW8UzhvqG12qPbd5FVfShHCOhRmA1T+g0XRBSqIl0deG" \
	"UKsD1mg//ReSorzn/ZLX0Zp7nk4bnTagukmWhRoU0rVY07o= root@vm"

/* One parse: what came back. */
struct parsed {
	int	 st;
	char	*type, *blob, *comment, *fp, *why;
};

static struct parsed
parse(const char *line)
{
	struct parsed	p;

	p.st = sshkey_parse(line, &p.type, &p.blob, &p.comment, &p.fp,
	    &p.why);
	return p;
}

static void
parsed_free(struct parsed *p)
{
	free(p->type);
	free(p->blob);
	free(p->comment);
	free(p->fp);
	free(p->why);
}

/* accepted parses line, which must give type, blob, fp and comment. */
static void
accepted(const char *line, const char *type, const char *blob,
    const char *fp, const char *comment)
{
	struct parsed	p = parse(line);

	assert_int_equal(p.st, ST_OK);
	assert_null(p.why);
	assert_string_equal(p.type, type);
	assert_string_equal(p.blob, blob);
	assert_string_equal(p.fp, fp);
	assert_string_equal(p.comment, comment);
	parsed_free(&p);
}

/* refused parses line, which must fail with a message and nothing else. */
static void
refused(const char *line)
{
	struct parsed	p = parse(line);

	assert_int_equal(p.st, ST_INVALID);
	assert_non_null(p.why);
	assert_true(strlen(p.why) > 10);
	assert_null(p.type);
	assert_null(p.blob);
	assert_null(p.comment);
	assert_null(p.fp);
	parsed_free(&p);
}

/* new_key_line makes a fresh ed25519 key and returns its public line. */
static char *
new_key_line(void)
{
	ssh_key	 key = NULL;
	char	*b64 = NULL, *line;

	assert_int_equal(ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key),
	    SSH_OK);
	assert_int_equal(ssh_pki_export_pubkey_base64(key, &b64), SSH_OK);
	xasprintf(&line, "ssh-ed25519 %s generated", b64);
	ssh_string_free_char(b64);
	ssh_key_free(key);
	return line;
}

/* key_count counts the keys of account id. */
static size_t
key_count(struct th *t, int64_t id)
{
	struct pubkey	**list;
	size_t		  n;

	assert_int_equal(keys_list(t->db, id, &list, &n), ST_OK);
	keys_free_list(list, n);
	return n;
}

/* An ed25519 line gives OpenSSH's fingerprint, with or without comment. */
static void
test_parse_ed25519_with_and_without_comment(void **state)
{
	(void)state;
	accepted(ED_LINE " ana@laptop", "ssh-ed25519", ED_BLOB, ED_FP,
	    "ana@laptop");
	accepted(ED_LINE, "ssh-ed25519", ED_BLOB, ED_FP, "");
	/* As pasted: tabs, runs of spaces, a line ending, a long comment. */
	accepted("  ssh-ed25519\t" ED_BLOB "   Ana's laptop (work)\r\n",
	    "ssh-ed25519", ED_BLOB, ED_FP, "Ana's laptop (work)");
	accepted(ED_LINE "\n", "ssh-ed25519", ED_BLOB, ED_FP, "");
}

/* ECDSA, RSA and security-key types are accepted too. */
static void
test_parse_other_types(void **state)
{
	(void)state;
	accepted("ecdsa-sha2-nistp256 " EC_BLOB " ec", "ecdsa-sha2-nistp256",
	    EC_BLOB, EC_FP, "ec");
	accepted("ssh-rsa " RSA_BLOB " rsa", "ssh-rsa", RSA_BLOB, RSA_FP,
	    "rsa");
	accepted("sk-ssh-ed25519@openssh.com " SKED_BLOB " token",
	    "sk-ssh-ed25519@openssh.com", SKED_BLOB, SKED_FP, "token");
}

/* A comment is user text: sanitised, one line, kept short. */
static void
test_parse_sanitises_comment(void **state)
{
	struct parsed	p;
	char		 line[512];

	(void)state;
	p = parse(ED_LINE " \x1b]0;owned\x07hi\x1b[31m \xc2\x9b" "2J"
	    "\xe2\x80\xae" "there\t!");
	assert_int_equal(p.st, ST_OK);
	assert_false(th_has_control(p.comment));
	assert_null(strstr(p.comment, "\xe2\x80\xae"));	/* no bidi override */
	assert_non_null(strstr(p.comment, "hi"));
	assert_non_null(strstr(p.comment, "there !"));
	assert_string_equal(p.fp, ED_FP);
	parsed_free(&p);

	/* 100 letters: kept to 64 bytes. */
	snprintf(line, sizeof line, "%s %.100s", ED_LINE,
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
	    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
	p = parse(line);
	assert_int_equal(p.st, ST_OK);
	assert_int_equal(strlen(p.comment), 64);
	parsed_free(&p);

	/* A cut inside a character drops that character only. */
	snprintf(line, sizeof line, "%s %s", ED_LINE,
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "é and more");
	p = parse(line);
	assert_int_equal(p.st, ST_OK);
	assert_true(text_is_valid_utf8(p.comment, strlen(p.comment)));
	assert_int_equal(strlen(p.comment), 63);
	assert_int_equal(strspn(p.comment, "a"), 63);
	parsed_free(&p);
}

/* Garbage, mismatches, DSA and empty lines are refused with a reason. */
static void
test_parse_refusals(void **state)
{
	char	*huge;

	(void)state;
	refused("");
	refused("   \t ");
	refused("\n");
	refused("ssh-ed25519");
	refused("ssh-ed25519 !!!not-base64!!!");
	refused("ssh-ed25519 aGVsbG8gd29ybGQ=");	/* "hello world" */
	refused("ssh-ed25519 " ED_BLOB "A");		/* broken base64 */
	refused("ssh-foo " ED_BLOB);
	refused(ED_BLOB);
	refused(DSA_LINE);
	refused("ssh-ed25519-cert-v01@openssh.com " ED_BLOB);
	refused("-----BEGIN OPENSSH PRIVATE KEY-----");
	refused("from=\"192.0.2.1\" " ED_LINE);
	/* The type named must be the blob's own. */
	refused("ssh-rsa " ED_BLOB);
	refused("ssh-ed25519 " RSA_BLOB);
	refused("ecdsa-sha2-nistp384 " EC_BLOB);
	refused("ecdsa-sha2-nistp521 " EC_BLOB);
	refused("ssh-ed25519 " SKED_BLOB);
	/* Nothing may follow the key inside the blob. */
	refused("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJhU5bBkcJJFYJMnwOFYx"
	    "/EZtQVYCn/Ya4r8YUsGmhUGAA==");
	refused("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJhU5bBkcJJFYJMnwOFYx"
	    "/EZtQVYCn/Ya4r8YUsGmhUGAAAAAXg=");	/* a whole extra string */
	/* A security key names the application it belongs to. */
	refused("sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5z"
	    "c2guY29tAAAAIJhU5bBkcJJFYJMnwOFYx/EZtQVYCn/Ya4r8YUsGmhUG");
	/* Base64 only in the canonical form ssh-keygen writes. */
	refused("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlz"
	    "dHAyNTYAAABBBCYqpF0htblB693MMmcMzUrayQE1OFO8AswnY88dD0B+LjuT7Jw"
	    "Kyf9TL/5Wim+Un/NhGi4K33LIK1TfUA9wzdI");
	/* RSA below 2048 bits is too weak (a real 1024-bit key). */
	refused("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC3TUisD8Pii5+q5afbYFgw6"
	    "yDtlx1fUolEHzOYFpCdoXhyaATEvm0OXjhRozsVLqtdQIij33U6r1KxQOJ93Ug3"
	    "klDCbS94NhlYYEs2ZXyA5ISwpIAtwJi5WqU9oPD6xS0hnAiXvqcJzZ1WZo6KfXj"
	    "IS8+Phm3RfTvjonkALiMEIQ==");

	huge = xmalloc(20000);
	memset(huge, 'A', 19999);
	memcpy(huge, "ssh-ed25519 ", 12);
	huge[19999] = '\0';
	refused(huge);
	free(huge);
}

/* Adding stores the key for its owner and audits the fingerprint. */
static void
test_add_registers_and_audits(void **state)
{
	struct th		 *t = *state;
	struct audit_entry	 *e;
	struct pubkey		**list;
	struct actor		  ana;
	char			 *why = NULL;
	size_t			  n;

	ana = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL), ROLE_PATIENT,
	    "ana");
	assert_int_equal(sshkey_add(t->db, &ana, ED_LINE " ana@laptop", &why),
	    ST_OK);
	assert_null(why);
	assert_int_equal(sshkey_list(t->db, &ana, &list, &n), ST_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0]->account_id, ana.id);
	assert_string_equal(list[0]->fingerprint, ED_FP);
	assert_string_equal(list[0]->comment, "ana@laptop");
	e = th_audit_last(t);
	assert_string_equal(e->action, "key.add");
	assert_string_equal(e->object_type, "ssh_key");
	assert_int_equal(e->object_id, list[0]->id);
	assert_int_equal(e->actor_id, ana.id);
	assert_string_equal(e->detail, ED_FP);
	audit_entry_free(e);
	keys_free_list(list, n);

	/* A line that does not parse says why and stores nothing. */
	assert_int_equal(sshkey_add(t->db, &ana, DSA_LINE, &why), ST_INVALID);
	assert_non_null(why);
	free(why);
	assert_int_equal(key_count(t, ana.id), 1);
	assert_int_equal(th_audit_count(t), 1);
}

/* One key, one person: a second registration is refused. */
static void
test_add_refuses_duplicate(void **state)
{
	struct th	*t = *state;
	struct actor	 ana, bruno;
	char		*why = NULL;

	ana = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL), ROLE_PATIENT,
	    "ana");
	bruno = th_actor(th_account(t, "bruno", ROLE_EXPERT, NULL),
	    ROLE_EXPERT, "bruno");
	assert_int_equal(sshkey_add(t->db, &ana, ED_LINE, &why), ST_OK);
	assert_int_equal(sshkey_add(t->db, &ana, ED_LINE " again", &why),
	    ST_EXISTS);
	assert_non_null(why);
	free(why);
	assert_int_equal(sshkey_add(t->db, &bruno, ED_LINE, &why), ST_EXISTS);
	assert_non_null(why);
	free(why);
	assert_int_equal(key_count(t, ana.id), 1);
	assert_int_equal(key_count(t, bruno.id), 0);
	assert_int_equal(th_audit_count(t), 1);
}

/* SSHKEY_MAX_PER_ACCOUNT keys, and not one more. */
static void
test_add_enforces_maximum(void **state)
{
	struct th	*t = *state;
	struct actor	 ana, bruno;
	char		*line, *why = NULL;
	int		 i;

	ana = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL), ROLE_PATIENT,
	    "ana");
	bruno = th_actor(th_account(t, "bruno", ROLE_PATIENT, NULL),
	    ROLE_PATIENT, "bruno");
	for (i = 0; i < SSHKEY_MAX_PER_ACCOUNT; i++) {
		line = new_key_line();
		assert_int_equal(sshkey_add(t->db, &ana, line, &why), ST_OK);
		free(line);
	}
	assert_int_equal(key_count(t, ana.id), SSHKEY_MAX_PER_ACCOUNT);
	line = new_key_line();
	assert_int_equal(sshkey_add(t->db, &ana, line, &why), ST_INVALID);
	assert_non_null(why);
	assert_non_null(strstr(why, "10"));
	free(why);
	assert_int_equal(key_count(t, ana.id), SSHKEY_MAX_PER_ACCOUNT);
	/* The limit is per account. */
	assert_int_equal(sshkey_add(t->db, &bruno, line, &why), ST_OK);
	free(line);
	assert_int_equal(th_audit_count(t), SSHKEY_MAX_PER_ACCOUNT + 1);
}

/* Nobody removes or lists another person's keys. */
static void
test_remove_only_own_keys(void **state)
{
	struct th		 *t = *state;
	struct audit_entry	 *e;
	struct pubkey		**list;
	struct actor		  ana, bruno;
	char			 *why = NULL;
	int64_t			  kid;
	size_t			  n;

	ana = th_actor(th_account(t, "ana", ROLE_PATIENT, NULL), ROLE_PATIENT,
	    "ana");
	bruno = th_actor(th_account(t, "bruno", ROLE_ADMIN, NULL), ROLE_ADMIN,
	    "bruno");
	assert_int_equal(sshkey_add(t->db, &ana, ED_LINE, &why), ST_OK);
	assert_int_equal(sshkey_list(t->db, &ana, &list, &n), ST_OK);
	kid = list[0]->id;
	keys_free_list(list, n);

	/* Even an admin: keys are their owner's own settings. */
	assert_int_equal(sshkey_remove(t->db, &bruno, kid), ST_NOTFOUND);
	assert_int_equal(sshkey_list(t->db, &bruno, &list, &n), ST_OK);
	assert_int_equal(n, 0);
	assert_int_equal(key_count(t, ana.id), 1);
	assert_int_equal(th_audit_count(t), 1);
	assert_int_equal(sshkey_remove(t->db, &ana, kid + 1), ST_NOTFOUND);

	assert_int_equal(sshkey_remove(t->db, &ana, kid), ST_OK);
	assert_int_equal(key_count(t, ana.id), 0);
	e = th_audit_last(t);
	assert_string_equal(e->action, "key.remove");
	assert_int_equal(e->object_id, kid);
	assert_int_equal(e->actor_id, ana.id);
	audit_entry_free(e);
	assert_int_equal(sshkey_remove(t->db, &ana, kid), ST_NOTFOUND);
}

/* The operator has no keys of its own to manage. */
static void
test_operator_denied(void **state)
{
	struct th	 *t = *state;
	struct actor	  op = th_operator(), nobody;
	struct pubkey	**list = (struct pubkey **)1;
	char		 *why = NULL;
	size_t		  n = 9;

	assert_int_equal(sshkey_add(t->db, &op, ED_LINE, &why), ST_DENIED);
	assert_null(why);
	assert_int_equal(sshkey_remove(t->db, &op, 1), ST_DENIED);
	assert_int_equal(sshkey_list(t->db, &op, &list, &n), ST_DENIED);
	assert_null(list);
	assert_int_equal(n, 0);
	nobody = th_actor(0, ROLE_ADMIN, "nobody");
	assert_int_equal(sshkey_add(t->db, &nobody, ED_LINE, &why), ST_DENIED);
	assert_int_equal(th_audit_count(t), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_setup, th_teardown)
		cmocka_unit_test(test_parse_ed25519_with_and_without_comment),
		cmocka_unit_test(test_parse_other_types),
		cmocka_unit_test(test_parse_sanitises_comment),
		cmocka_unit_test(test_parse_refusals),
		T(test_add_registers_and_audits),
		T(test_add_refuses_duplicate),
		T(test_add_enforces_maximum),
		T(test_remove_only_own_keys),
		T(test_operator_denied),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
